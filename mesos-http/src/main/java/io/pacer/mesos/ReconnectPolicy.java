package io.pacer.mesos;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Decides whether, and after how long, a subscription tries again after a failed attempt or a broken stream. */
@FunctionalInterface
public interface ReconnectPolicy {
    /**
     * @param attempt         1 for the first retry since the last good subscription, then 2, 3, ...
     * @param unsubscribedFor how long there has been no subscription
     * @return the delay before the next attempt, or empty to give up
     */
    Optional<Duration> nextDelay(int attempt, Duration unsubscribedFor);

    /** Never retry: an executor without checkpointing exits when its agent goes away (docs/executor-http-api.md). */
    static ReconnectPolicy never() {
        return (attempt, unsubscribedFor) -> Optional.empty();
    }

    /** Retry forever, doubling from {@code initial} up to {@code max}: a scheduler keeps trying its master. */
    static ReconnectPolicy exponential(Duration initial, Duration max) {
        return (attempt, unsubscribedFor) -> {
            int doublings = Math.min(attempt - 1, 30);
            Duration delay = initial.multipliedBy(1L << doublings);
            return Optional.of(delay.compareTo(max) > 0 ? max : delay);
        };
    }

    /**
     * Retry at random intervals within {@code backoffMax} until {@code recoveryTimeout} has passed: a checkpointing
     * executor's reconnection (MESOS_SUBSCRIPTION_BACKOFF_MAX, MESOS_RECOVERY_TIMEOUT in docs/agent-recovery.md).
     */
    static ReconnectPolicy withinRecoveryTimeout(Duration backoffMax, Duration recoveryTimeout) {
        return (attempt, unsubscribedFor) -> {
            if (unsubscribedFor.compareTo(recoveryTimeout) >= 0) {
                return Optional.empty();
            }
            long delayNanos = ThreadLocalRandom.current().nextLong(backoffMax.toNanos() + 1);
            return Optional.of(Duration.ofNanos(delayNanos));
        };
    }
}
