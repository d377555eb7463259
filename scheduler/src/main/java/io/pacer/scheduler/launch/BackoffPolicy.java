package io.pacer.scheduler.launch;

import io.pacer.scheduler.app.AppDefinition;
import java.time.Duration;

/**
 * How long an app's next replacement waits after its n-th consecutive unexpected task end:
 * {@code backoffSeconds * backoffFactor^(n-1)}, capped at {@code maxLaunchDelaySeconds} (Marathon's app fields
 * backoffSeconds, backoffFactor, maxLaunchDelaySeconds in types/app.raml).
 */
public record BackoffPolicy(Duration initial, double factor, Duration max) {
    public BackoffPolicy {
        if (initial.isNegative() || max.isNegative() || factor < 1.0) {
            throw new IllegalArgumentException("backoff needs initial >= 0, factor >= 1, max >= 0");
        }
    }

    public static BackoffPolicy of(AppDefinition app) {
        return new BackoffPolicy(Duration.ofSeconds(app.backoffSeconds()), app.backoffFactor(),
                Duration.ofSeconds(app.maxLaunchDelaySeconds()));
    }

    /** The delay before the replacement that follows {@code failures} consecutive failures (0 = no delay). */
    public Duration delayAfter(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        double seconds = initial.toNanos() / 1e9 * Math.pow(factor, failures - 1);
        double capped = Math.min(seconds, max.toNanos() / 1e9);
        return Duration.ofNanos((long) (capped * 1e9));
    }
}
