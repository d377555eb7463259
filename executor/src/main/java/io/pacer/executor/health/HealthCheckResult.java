package io.pacer.executor.health;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one check.
 *
 * @param detail what was seen, e.g. "HTTP 200", "HTTP 503", "connection refused", "timed out after 1000 ms", "exit status 1"
 */
public record HealthCheckResult(Instant at, boolean healthy, Duration latency, String detail) {
}
