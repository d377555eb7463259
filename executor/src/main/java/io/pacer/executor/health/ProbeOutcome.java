package io.pacer.executor.health;

/** What a {@link HealthProbe} saw, before timing and Mesos's counting are applied. */
public record ProbeOutcome(boolean healthy, String detail) {
    public static ProbeOutcome healthy(String detail) {
        return new ProbeOutcome(true, detail);
    }

    public static ProbeOutcome unhealthy(String detail) {
        return new ProbeOutcome(false, detail);
    }
}
