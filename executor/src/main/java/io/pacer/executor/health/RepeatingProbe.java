package io.pacer.executor.health;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one probe again and again on Mesos's timing (src/checks/checker_process.cpp): the first check after
 * {@code delay}, each next one {@code interval} after the previous finished, never two at once. Health checks
 * ({@link HealthCheckSchedule}) and readiness checks share it, with the one check timer of {@link CheckEventLoop}.
 */
public final class RepeatingProbe {
    /** Hears each outcome on the check's thread (the event loop or a command waiter): keep it short. */
    @FunctionalInterface
    public interface Handler {
        /** @return whether to check again after the interval */
        boolean completed(ProbeOutcome outcome, Duration latency);
    }

    private final HealthProbe probe;
    private final Duration interval;
    private final Optional<Duration> timeout;
    private final ScheduledExecutorService timer;
    private final Handler handler;
    private ScheduledFuture<?> next;
    private boolean stopped;

    private RepeatingProbe(HealthProbe probe, Duration interval, Optional<Duration> timeout, ScheduledExecutorService timer,
                           Handler handler) {
        this.probe = probe;
        this.interval = interval;
        this.timeout = timeout;
        this.timer = timer;
        this.handler = handler;
    }

    public static RepeatingProbe start(HealthProbe probe, Duration delay, Duration interval, Optional<Duration> timeout,
                                       ScheduledExecutorService timer, Handler handler) {
        RepeatingProbe repeating = new RepeatingProbe(probe, interval, timeout, timer, handler);
        repeating.scheduleNext(delay);
        return repeating;
    }

    /** No check starts after this, and the outcome of one in flight is dropped (Mesos pauses its checker on kill). */
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
        probe.check(timeout).thenAccept(outcome -> completed(outcome, started));
    }

    private void completed(ProbeOutcome outcome, long startedNanos) {
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        if (handler.completed(outcome, Duration.ofNanos(System.nanoTime() - startedNanos))) {
            scheduleNext(interval);
        }
    }
}
