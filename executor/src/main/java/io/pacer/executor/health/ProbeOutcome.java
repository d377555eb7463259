package io.pacer.executor.health;

import java.util.Optional;

/**
 * What a {@link HealthProbe} saw, before timing and Mesos's counting are applied.
 *
 * @param reply the HTTP response, when the probe was asked to keep it ({@link HealthCheckSpec.Http#keepBodyBytes})
 */
public record ProbeOutcome(boolean healthy, String detail, Optional<HttpReply> reply) {
    public ProbeOutcome(boolean healthy, String detail) {
        this(healthy, detail, Optional.empty());
    }

    public static ProbeOutcome healthy(String detail) {
        return new ProbeOutcome(true, detail);
    }

    public static ProbeOutcome unhealthy(String detail) {
        return new ProbeOutcome(false, detail);
    }
}
