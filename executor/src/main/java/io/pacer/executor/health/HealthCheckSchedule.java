package io.pacer.executor.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs one task's health checks on Mesos's timing ({@link RepeatingProbe}); results go through
 * {@link HealthCheckState}. The grace period counts from {@link #start}, which the task runner calls when the
 * task is running.
 */
public final class HealthCheckSchedule {
    /** Called on the check's thread (the event loop or a command waiter): keep it short and non-blocking. */
    public interface Listener {
        /** Every result. */
        void checked(HealthCheckResult result);

        /** A result Mesos reports (see {@link HealthCheckState}). */
        void changed(HealthChange change, HealthCheckResult result);
    }

    private final RepeatingProbe checks;

    private HealthCheckSchedule(RepeatingProbe checks) {
        this.checks = checks;
    }

    public static HealthCheckSchedule start(HealthCheckSpec spec, HealthProbe probe, ScheduledExecutorService timer, Listener listener) {
        // one check at a time: the state is only touched by the outcome of the one in flight
        HealthCheckState state = new HealthCheckState(spec.consecutiveFailures(), spec.gracePeriod(), System.nanoTime());
        return new HealthCheckSchedule(RepeatingProbe.start(probe, spec.delay(), spec.interval(), spec.timeout(), timer,
                (outcome, latency) -> {
                    HealthCheckResult result = new HealthCheckResult(Instant.now(), outcome.healthy(), latency, outcome.detail());
                    Optional<HealthChange> change = outcome.healthy() ? state.success() : state.failure(System.nanoTime());
                    listener.checked(result);
                    change.ifPresent(c -> listener.changed(c, result));
                    return true;
                }));
    }

    /** No check starts after this, and the result of one in flight is dropped (Mesos pauses its checker on kill). */
    public void stop() {
        checks.stop();
    }
}
