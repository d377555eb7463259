package io.pacer.executor.workload;

import io.pacer.cgroups.ProcessUsage;
import io.pacer.executor.health.HealthCheckSpec;
import io.pacer.executor.health.HealthProbe;
import io.pacer.executor.health.HealthProbes;
import io.pacer.executor.isolation.TaskCgroup;
import io.pacer.executor.isolation.TaskIsolation;
import io.pacer.executor.process.ExitStatus;
import io.pacer.executor.process.ProcessLauncher;
import io.pacer.executor.process.RunningProcess;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.spec.TaskResources;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A task's command run as a process session on the agent, in a cgroup of its own where the executor can nest
 * one; its checks run on the agent too.
 */
public final class ProcessWorkload implements Workload {
    private final RunningProcess process;
    private final Optional<TaskCgroup> cgroup;
    private final TaskResources resources;
    private final Path sandbox;
    private final Map<String, String> env;

    private ProcessWorkload(RunningProcess process, Optional<TaskCgroup> cgroup, TaskResources resources, Path sandbox,
                            Map<String, String> env) {
        this.process = process;
        this.cgroup = cgroup;
        this.resources = resources;
        this.sandbox = sandbox;
        this.env = Map.copyOf(env);
    }

    /** Starts the task's command with {@code launcher}, in its own cgroup when {@code isolation} has them. */
    public static WorkloadLauncher launcher(ProcessLauncher launcher, TaskIsolation isolation) {
        return (task, sandbox, env, progress) -> {
            Optional<TaskCgroup> cgroup = createCgroup(isolation, task);
            // TaskInfoReader refuses a task with neither a container nor a command.
            List<String> argv = task.spec().command().orElseThrow().argv();
            try {
                RunningProcess process = launcher.launch(cgroup.map(c -> c.enter(argv)).orElse(argv), sandbox, env,
                        task.spec().logRotation());
                return new ProcessWorkload(process, cgroup, task.resources(), sandbox, env);
            } catch (IOException e) {
                cgroup.ifPresent(TaskCgroup::destroy);
                throw new LaunchException("Cannot start the command: " + e.getMessage(), e);
            }
        };
    }

    private static Optional<TaskCgroup> createCgroup(TaskIsolation isolation, TaskDescription task) throws LaunchException {
        try {
            return isolation.create(task.taskId(), task.resources().cpus(), task.resources().memMb());
        } catch (IOException | RuntimeException e) {
            throw new LaunchException("Cannot create the task's cgroup: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "process " + process.pid();
    }

    /** The leader's exit, or the OOM killer striking anywhere in the task's cgroup (which then ends the task). */
    @Override
    public CompletableFuture<?> exited() {
        return cgroup.<CompletableFuture<?>>map(c -> CompletableFuture.anyOf(process.leaderExit(), c.memoryLimitation()))
                .orElseGet(process::leaderExit);
    }

    @Override
    public ExitStatus stop(Duration gracePeriod) throws InterruptedException {
        ExitStatus status = process.stop(gracePeriod);
        cgroup.ifPresent(TaskCgroup::destroy); // what left the session still is in the cgroup
        return status;
    }

    /** Kills what is left of the task, the cgroup first so that nothing forks away meanwhile. */
    @Override
    public ExitStatus finish() throws InterruptedException {
        cgroup.ifPresent(TaskCgroup::destroy);
        return process.finish().withMemoryLimitation(cgroup.flatMap(c -> Optional.ofNullable(c.memoryLimitation().getNow(null))));
    }

    @Override
    public void killNow() {
        process.group().kill();
        cgroup.ifPresent(TaskCgroup::destroy);
    }

    @Override
    public Optional<WorkloadUsage> usage() {
        if (cgroup.isPresent()) {
            return cgroup.get().usage().map(u -> new WorkloadUsage(true, cgroup.get().cpus(), cgroup.get().memLimitBytes(), u));
        }
        return Optional.of(new WorkloadUsage(false, resources.cpus(), (long) (resources.memMb() * (1 << 20)),
                ProcessUsage.ofTree(process.pid())));
    }

    @Override
    public HealthProbe probe(HealthCheckSpec.Probe probe, HealthProbes probes) {
        if (probe instanceof HealthCheckSpec.NetworkProbe network) {
            return probes.network(network);
        }
        return probes.command((HealthCheckSpec.Command) probe, sandbox, env);
    }
}
