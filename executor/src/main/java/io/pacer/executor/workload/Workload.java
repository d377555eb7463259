package io.pacer.executor.workload;

import io.pacer.executor.health.HealthCheckSpec;
import io.pacer.executor.health.HealthProbe;
import io.pacer.executor.health.HealthProbes;
import io.pacer.executor.process.ExitStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What a task runs once it has started: a process session on the agent or a Docker container. Whatever way it
 * ends, {@link #stop} or {@link #finish} leave nothing of it running.
 */
public interface Workload {
    /** For messages and logs: {@code process 1234}, {@code container pacer-web.1 (3f2a1b4c5d6e)}. */
    String describe();

    /** Completes when its main process has exited (by itself or killed). */
    CompletableFuture<?> exited();

    /** Asks it to end, forces it after {@code gracePeriod}, and returns once nothing of it is left. */
    ExitStatus stop(Duration gracePeriod) throws InterruptedException;

    /** After {@link #exited()}: releases what is left of it (processes, logs, the container) and says how it ended. */
    ExitStatus finish() throws InterruptedException;

    /** The last resort of an executor leaving before its tasks ended: a forced kill, without waiting. */
    void killNow();

    /** What it uses now against its limits, where that can be read; empty once it is gone. */
    Optional<WorkloadUsage> usage();

    /** The probe that checks this workload's health, for the check the task asked for. */
    HealthProbe probe(HealthCheckSpec.Probe probe, HealthProbes probes);
}
