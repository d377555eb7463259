package io.pacer.scheduler.task;

import java.util.Optional;

/**
 * The state of one readiness check of one task, as Marathon's TaskReadinessCheckResult
 * (types/readinessCheck.raml; core/readiness/ReadinessCheckResult.scala) without the task id, which its
 * {@link TaskRecord} has. Pending (not ready, no response) from the launch until the executor reports a result.
 *
 * @param lastResponse the last HTTP response, kept only when the check has {@code preserveLastResponse}
 */
public record ReadinessResult(String name, boolean ready, Optional<LastResponse> lastResponse) {

    /** Marathon's ReadinessCheckHttpResponse. */
    public record LastResponse(int status, String contentType, String body) {
    }

    public static ReadinessResult pending(String name) {
        return new ReadinessResult(name, false, Optional.empty());
    }
}
