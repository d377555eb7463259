package io.pacer.scheduler.api;

/** {@code GET /ping}: "pong", as Marathon answers it (general/ping.raml), for load balancers and probes. */
public final class PingResource implements Route {
    public static final String PREFIX = "/ping";

    @Override
    public ApiResponse handle(ApiRequest request) {
        return request.path().equals(PREFIX) ? ApiResponse.text(200, "pong") : null;
    }
}
