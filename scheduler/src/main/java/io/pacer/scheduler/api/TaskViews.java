package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppJsonWriter;
import io.pacer.scheduler.app.PortDefinition;
import io.pacer.scheduler.launch.SchedulerControl;
import io.pacer.scheduler.task.TaskJson;
import io.pacer.scheduler.task.TaskRecord;
import io.pacer.scheduler.task.TaskRepository;
import io.pacer.scheduler.task.TaskUsage;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * Apps and tasks as the API shows them: tasks with their app's service ports and, when their executor reported it,
 * their resource usage; apps with counts and embeds.
 */
final class TaskViews {
    private final TaskRepository tasks;
    private final SchedulerControl scheduler;
    private final TaskUsage usage;
    /** The id of the app's running deployment, if it has one. */
    private final Function<AppId, Optional<String>> deploymentOf;
    private final ReadinessView readiness;

    /** For task views only: apps are shown without their deployments. */
    TaskViews(TaskRepository tasks, SchedulerControl scheduler, TaskUsage usage) {
        this(tasks, scheduler, usage, app -> Optional.empty());
    }

    TaskViews(TaskRepository tasks, SchedulerControl scheduler, TaskUsage usage, Function<AppId, Optional<String>> deploymentOf) {
        this.deploymentOf = deploymentOf;
        this.tasks = tasks;
        this.scheduler = scheduler;
        this.usage = usage;
        this.readiness = new ReadinessView(tasks);
    }

    ObjectNode task(TaskRecord task, AppDefinition app) {
        ObjectNode n = TaskJson.write(task);
        ArrayNode servicePorts = n.putArray("servicePorts");
        app.portDefinitions().stream().map(PortDefinition::port).forEach(servicePorts::add);
        usage.of(task.taskId()).ifPresent(u -> n.set("resourceUsage", u));
        return n;
    }

    ArrayNode tasks(AppDefinition app, ArrayNode into) {
        tasks.of(app.id()).forEach(t -> into.add(task(t, app)));
        return into;
    }

    /**
     * The app with Marathon's counts (tasksStaged, tasksRunning, tasksHealthy, tasksUnhealthy) and, as asked by
     * {@code embed}, its tasks ("tasks"), last failure ("lastTaskFailure") and the readiness results its deployment
     * waits for ("readiness", Marathon's app.readiness).
     */
    ObjectNode app(AppDefinition app, Set<String> embed) {
        ObjectNode n = AppJsonWriter.write(app);
        Counts counts = counts(app);
        n.put("tasksStaged", counts.staged()).put("tasksRunning", counts.running())
                .put("tasksHealthy", counts.healthy()).put("tasksUnhealthy", counts.unhealthy());
        ArrayNode deployments = n.putArray("deployments");
        counts.deployment().ifPresent(id -> deployments.addObject().put("id", id));
        if (embed.contains("tasks")) {
            tasks(app, n.putArray("tasks"));
        }
        if (embed.contains("lastTaskFailure")) {
            scheduler.lastFailure(app.id()).ifPresent(f -> n.set("lastTaskFailure", f.toJson()));
        }
        if (embed.contains("readiness")) {
            // Marathon's are those of the app's running deployment (AppInfoBaseData): none without one
            n.set("readinessCheckResults", counts.deployment().isPresent() ? readiness.notReady(app.id()) : n.arrayNode());
        }
        return n;
    }

    /** Marathon's task counts of an app. */
    record Counts(long staged, long running, long healthy, long unhealthy, Optional<String> deployment) {
        /** The fields {@link #app} adds after the definition, as JSON text following it. */
        String asJsonFields() {
            return ",\"tasksStaged\":" + staged + ",\"tasksRunning\":" + running + ",\"tasksHealthy\":" + healthy
                    + ",\"tasksUnhealthy\":" + unhealthy + ",\"deployments\":["
                    + deployment.map(id -> "{\"id\":\"" + id + "\"}").orElse("") + "]";
        }
    }

    Counts counts(AppDefinition app) {
        List<TaskRecord> appTasks = tasks.of(app.id());
        return new Counts(appTasks.stream().filter(t -> t.state() == TaskState.TASK_STAGING || t.state() == TaskState.TASK_STARTING).count(),
                appTasks.stream().filter(t -> t.state() == TaskState.TASK_RUNNING).count(),
                appTasks.stream().filter(t -> t.healthy().orElse(false)).count(),
                appTasks.stream().filter(t -> t.healthy().map(h -> !h).orElse(false)).count(), deploymentOf.apply(app.id()));
    }
}
