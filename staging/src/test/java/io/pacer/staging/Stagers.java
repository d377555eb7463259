package io.pacer.staging;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;

/** Stager configurations for tests: short timeouts and backoff, so failures are quick. */
final class Stagers {

    private Stagers() {
    }

    static StagingConfig quick() {
        return StagingConfig.defaults()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500))
                .withRetries(2, Duration.ofMillis(10))
                .withMeterRegistry(new SimpleMeterRegistry());
    }
}
