package io.pacer.scheduler.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code GET /metrics}: every meter in Prometheus's text format (version 0.0.4). */
public final class MetricsResource {
    public static final String PREFIX = "/metrics";

    private final PrometheusMeterRegistry registry;

    public MetricsResource(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public Route route() {
        return Route.get(PREFIX, request -> new ApiResponse(200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape().getBytes(StandardCharsets.UTF_8), Map.of()));
    }
}
