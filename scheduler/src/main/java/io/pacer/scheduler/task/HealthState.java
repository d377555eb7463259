package io.pacer.scheduler.task;

import java.time.Instant;
import java.util.Optional;

/**
 * A task's health as its executor reports it, summarised the way Marathon shows it (healthCheckResults in
 * types/healthCheck.raml: alive, consecutiveFailures, firstSuccess, lastSuccess, lastFailure, lastFailureCause).
 */
public record HealthState(boolean alive, int consecutiveFailures, Optional<Instant> firstSuccess,
                          Optional<Instant> lastSuccess, Optional<Instant> lastFailure, String lastFailureCause) {

    public static final HealthState UNKNOWN = new HealthState(false, 0, Optional.empty(), Optional.empty(), Optional.empty(), "");

    /** The summary after one more result; the executor sends every unhealthy result and each change to healthy. */
    public HealthState next(boolean healthy, String message, Instant at) {
        if (healthy) {
            return new HealthState(true, 0, firstSuccess.or(() -> Optional.of(at)), Optional.of(at), lastFailure, lastFailureCause);
        }
        return new HealthState(false, consecutiveFailures + 1, firstSuccess, lastSuccess, Optional.of(at), message);
    }
}
