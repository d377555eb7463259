package io.pacer.scheduler.api;

/** {@code GET /ping}: "pong", as Marathon answers it (general/ping.raml), for load balancers and probes. */
public final class PingResource {
    public static final String PREFIX = "/ping";

    private PingResource() {
    }

    public static Route route() {
        return Route.get(PREFIX, request -> ApiResponse.text(200, "pong"));
    }
}
