package io.pacer.executor.workload;

import io.pacer.executor.health.HealthCheckSpec;
import io.pacer.executor.health.HealthProbe;
import io.pacer.executor.health.HealthProbes;
import io.pacer.executor.process.ExitStatus;
import io.pacer.executor.process.ProcessLauncher;
import io.pacer.executor.process.RunningProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A task's command run as a process session on the agent; its checks run on the agent too. */
public final class ProcessWorkload implements Workload {
    private final RunningProcess process;
    private final Path sandbox;
    private final Map<String, String> env;

    private ProcessWorkload(RunningProcess process, Path sandbox, Map<String, String> env) {
        this.process = process;
        this.sandbox = sandbox;
        this.env = Map.copyOf(env);
    }

    /** Starts the task's command with {@code launcher}. */
    public static WorkloadLauncher launcher(ProcessLauncher launcher) {
        return (task, sandbox, env, progress) -> {
            try {
                // TaskInfoReader refuses a task with neither a container nor a command.
                return new ProcessWorkload(launcher.launch(task.spec().command().orElseThrow().argv(), sandbox, env,
                        task.spec().logRotation()), sandbox, env);
            } catch (IOException e) {
                throw new LaunchException("Cannot start the command: " + e.getMessage(), e);
            }
        };
    }

    @Override
    public String describe() {
        return "process " + process.pid();
    }

    @Override
    public CompletableFuture<?> exited() {
        return process.leaderExit();
    }

    @Override
    public ExitStatus stop(Duration gracePeriod) throws InterruptedException {
        return process.stop(gracePeriod);
    }

    @Override
    public ExitStatus finish() throws InterruptedException {
        return process.finish();
    }

    @Override
    public void killNow() {
        process.group().kill();
    }

    @Override
    public HealthProbe probe(HealthCheckSpec.Probe probe, HealthProbes probes) {
        if (probe instanceof HealthCheckSpec.NetworkProbe network) {
            return probes.network(network);
        }
        return probes.command((HealthCheckSpec.Command) probe, sandbox, env);
    }
}
