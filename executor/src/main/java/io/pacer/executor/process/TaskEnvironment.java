package io.pacer.executor.process;

import io.pacer.executor.spec.ContainerSpec;
import io.pacer.executor.spec.PortSpec;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.spec.TaskResources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The environment a task's process starts with (docs/task-spec.md): the executor's own (set by the agent; not for
 * a container), then Mesos's task variables, then Marathon's (Marathon docs, "Task Environment Variables"), then the
 * task's own, then the task's {@link ProcessMark} (last, so that the task's own variables cannot replace it).
 */
public final class TaskEnvironment {
    /** Never handed to a task: it authenticates the executor to the agent. */
    private static final String AUTH_TOKEN = "MESOS_EXECUTOR_AUTHENTICATION_TOKEN";

    private final Map<String, String> executorEnvironment;
    private final String hostname;
    private final String executorRun;

    /** {@code executorRun}: this executor process's own id, in every mark it gives ({@link ProcessMark}). */
    public TaskEnvironment(Map<String, String> executorEnvironment, String hostname, String executorRun) {
        this.executorEnvironment = Map.copyOf(executorEnvironment);
        this.hostname = hostname;
        this.executorRun = executorRun;
    }

    public Map<String, String> forTask(TaskDescription task, Path sandbox) {
        Map<String, String> env = new LinkedHashMap<>(executorEnvironment);
        env.remove(AUTH_TOKEN);
        env.putAll(taskVariables(task, sandbox.toString()));
        env.put(ProcessMark.VARIABLE, new ProcessMark(executorRun, task.taskId()).value());
        return env;
    }

    /**
     * For a container: only the task's variables, with the sandbox where the container sees it; nothing of the
     * agent's environment (its PATH, say) goes in over the image's own.
     */
    public Map<String, String> forContainer(TaskDescription task) {
        return taskVariables(task, ContainerSpec.SANDBOX_PATH);
    }

    private Map<String, String> taskVariables(TaskDescription task, String sandbox) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MESOS_SANDBOX", sandbox);
        env.put("MESOS_TASK_ID", task.taskId());
        env.put("HOST", hostname);
        putPorts(env, task);
        task.spec().appId().ifPresent(id -> env.put("MARATHON_APP_ID", id));
        task.spec().appVersion().ifPresent(v -> env.put("MARATHON_APP_VERSION", v));
        env.put("MARATHON_APP_RESOURCE_CPUS", TaskResources.format(task.resources().cpus()));
        env.put("MARATHON_APP_RESOURCE_MEM", TaskResources.format(task.resources().memMb()));
        env.put("MARATHON_APP_RESOURCE_DISK", TaskResources.format(task.resources().diskMb()));
        env.put("MARATHON_APP_RESOURCE_GPUS", TaskResources.format(task.resources().gpus()));
        List<String> labelNames = new ArrayList<>();
        task.labels().forEach((key, value) -> {
            String name = envName(key);
            labelNames.add(name);
            env.put("MARATHON_APP_LABEL_" + name, value);
        });
        env.put("MARATHON_APP_LABELS", String.join(" ", labelNames));
        env.putAll(task.spec().env());
        return env;
    }

    private static void putPorts(Map<String, String> env, TaskDescription task) {
        List<Integer> ports = task.resources().ports();
        for (int i = 0; i < ports.size(); i++) {
            String port = String.valueOf(ports.get(i));
            env.put("PORT" + i, port);
            if (i < task.spec().ports().size()) {
                PortSpec declared = task.spec().ports().get(i);
                declared.name().ifPresent(name -> env.put("PORT_" + envName(name), port));
                declared.number().ifPresent(number -> env.put("PORT_" + number, port));
            }
        }
        if (!ports.isEmpty()) {
            env.put("PORT", String.valueOf(ports.get(0)));
            env.put("PORTS", String.join(",", ports.stream().map(String::valueOf).toList()));
        }
    }

    /** Marathon's rule: upper case, anything but letters, digits and _ becomes _. */
    private static String envName(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }
}
