package io.pacer.executor.health;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Performs one check of one kind. */
public interface HealthProbe {
    /**
     * Starts a check. The future never completes exceptionally: errors and a check that outlives {@code timeout}
     * are unhealthy outcomes, and a timed-out check has released everything it held (connection, processes).
     */
    CompletableFuture<ProbeOutcome> check(Optional<Duration> timeout);
}
