package io.pacer.executor.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task's checks on Mesos's timing (src/checks/checker_process.cpp): the first after {@code delay}, each
 * next one {@code interval} after the previous finished; results go through {@link HealthCheckState}.
 * The grace period counts from {@link #start}, which the task runner calls when the task is running.
 */
public final class HealthCheckSchedule {
    /** Called on the check's thread (the event loop or a command waiter): keep it short and non-blocking. */
    public interface Listener {
        /** Every result. */
        void checked(HealthCheckResult result);

        /** A result Mesos reports (see {@link HealthCheckState}). */
        void changed(HealthChange change, HealthCheckResult result);
    }

    private final HealthCheckSpec spec;
    private final HealthProbe probe;
    private final ScheduledExecutorService timer;
    private final Listener listener;
    private final HealthCheckState state;
    private ScheduledFuture<?> next;
    private boolean stopped;

    private HealthCheckSchedule(HealthCheckSpec spec, HealthProbe probe, ScheduledExecutorService timer, Listener listener) {
        this.spec = spec;
        this.probe = probe;
        this.timer = timer;
        this.listener = listener;
        this.state = new HealthCheckState(spec.consecutiveFailures(), spec.gracePeriod(), System.nanoTime());
    }

    public static HealthCheckSchedule start(HealthCheckSpec spec, HealthProbe probe, ScheduledExecutorService timer, Listener listener) {
        HealthCheckSchedule schedule = new HealthCheckSchedule(spec, probe, timer, listener);
        schedule.scheduleNext(spec.delay());
        return schedule;
    }

    /** No check starts after this, and the result of one in flight is dropped (Mesos pauses its checker on kill). */
    public synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    private synchronized void scheduleNext(Duration after) {
        if (!stopped) {
            next = timer.schedule(this::perform, after.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void perform() {
        long started = System.nanoTime();
        probe.check(spec.timeout()).thenAccept(outcome -> completed(outcome, started));
    }

    private void completed(ProbeOutcome outcome, long startedNanos) {
        Optional<HealthChange> change;
        HealthCheckResult result;
        synchronized (this) {
            if (stopped) {
                return;
            }
            long now = System.nanoTime();
            result = new HealthCheckResult(Instant.now(), outcome.healthy(), Duration.ofNanos(now - startedNanos), outcome.detail());
            change = outcome.healthy() ? state.success() : state.failure(now);
        }
        listener.checked(result);
        change.ifPresent(c -> listener.changed(c, result));
        scheduleNext(spec.interval());
    }
}
