package io.pacer.executor.health;

import java.time.Duration;
import java.util.Optional;

/**
 * Mesos's rules for turning check results into reports (src/checks/health_checker.cpp):
 * <ul>
 *   <li>while no check has succeeded yet, a failure within {@code gracePeriod} of the start is ignored;</li>
 *   <li>every counted failure is reported unhealthy, and the {@code consecutiveFailures}-th in a row asks for a kill;
 *       a limit of 0 never asks for one (Marathon's HTTP/HTTPS/TCP checks: see {@link HealthCheckSpec});</li>
 *   <li>a success is reported only when it is the first one, or the first after failures.</li>
 * </ul>
 * Times are passed in (System.nanoTime() values) so that tests decide them. Not thread-safe: one schedule owns it.
 */
public final class HealthCheckState {
    private final int maxConsecutiveFailures;
    private final long gracePeriodNanos;
    private final long startNanos;
    private boolean initializing = true;
    private int consecutiveFailures;

    public HealthCheckState(int maxConsecutiveFailures, Duration gracePeriod, long startNanos) {
        this.maxConsecutiveFailures = maxConsecutiveFailures;
        this.gracePeriodNanos = gracePeriod.toNanos();
        this.startNanos = startNanos;
    }

    public Optional<HealthChange> success() {
        boolean report = initializing || consecutiveFailures > 0;
        initializing = false;
        consecutiveFailures = 0;
        return report ? Optional.of(new HealthChange(true, 0, false)) : Optional.empty();
    }

    public Optional<HealthChange> failure(long nowNanos) {
        if (inGracePeriod(nowNanos)) {
            return Optional.empty();
        }
        consecutiveFailures++;
        boolean kill = maxConsecutiveFailures > 0 && consecutiveFailures >= maxConsecutiveFailures;
        return Optional.of(new HealthChange(false, consecutiveFailures, kill));
    }

    /** No success yet and still within the grace period: failures do not count. */
    private boolean inGracePeriod(long nowNanos) {
        return initializing && gracePeriodNanos > 0 && nowNanos - startNanos <= gracePeriodNanos;
    }
}
