package io.pacer.executor.readiness;

import io.pacer.executor.health.HealthCheckSpec;
import java.time.Duration;

/**
 * One readiness check of a task, as the scheduler sends it in the task spec (docs/task-spec.md) from Marathon's
 * readinessChecks (types/readinessCheck.raml): GET the probe's URL every {@code interval} until it answers one of
 * the probe's statuses.
 *
 * @param probe                the HTTP(S) GET; its statuses are httpStatusCodesForReady, and it keeps the response
 *                             when {@code preserveLastResponse}
 * @param timeout              a check not answered by then is not ready
 */
public record ReadinessCheckSpec(String name, HealthCheckSpec.Http probe, Duration interval, Duration timeout,
                                 boolean preserveLastResponse) {
    /** The most of a response body kept for the scheduler: it travels in a status update and is stored with the task. */
    public static final int LAST_RESPONSE_BODY_BYTES = 4096;
}
