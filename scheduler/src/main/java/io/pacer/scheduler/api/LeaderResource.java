package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * {@code /v2/leader} (leader.raml, api/v2/LeaderResource.scala), answered by every Pacer itself, standbys included.
 * GET names the leader's {@code host:port}, or 404 "There is no leader" while none is elected.
 *
 * <p>DELETE makes the leader abdicate: 200 "Leadership abdicated", and half a second later (Marathon's
 * abdicationDelay, so that the answer goes out first) it leaves the election and another Pacer takes over. A
 * standby relays the DELETE to the leader ({@code standby}), since the caller means the leader. A Pacer without
 * ZooKeeper cannot abdicate: Marathon without HA "abdicates" by crashing (ElectionServiceImpl: Standby →
 * crashStrategy) for a supervisor to restart it, and Pacer will not end itself, its embedded cluster and every task
 * on it on an HTTP call; it answers as Marathon does when it cannot abdicate, 404 "There is no leader".
 */
public final class LeaderResource {
    public static final String PREFIX = "/v2/leader";

    private final Leadership leadership;
    private final Route standby;

    public LeaderResource(Leadership leadership, Route standby) {
        this.leadership = leadership;
        this.standby = standby;
    }

    public Route route() {
        return request -> {
            if (!request.path().equals(PREFIX)) {
                return null;
            }
            return switch (request.method()) {
                case "GET", "HEAD" -> leadership.leader()
                        .map(hostPort -> ApiResponse.json(200, JsonNodeFactory.instance.objectNode().put("leader", hostPort)))
                        .orElseThrow(() -> ApiException.of(404, "There is no leader"));
                case "DELETE" -> abdicate(request);
                default -> throw ApiException.of(405, request.method() + " is not allowed on " + PREFIX);
            };
        };
    }

    private ApiResponse abdicate(ApiRequest request) {
        if (!leadership.leads()) {
            return standby.handle(request);
        }
        if (!leadership.canAbdicate()) {
            throw ApiException.of(404, "There is no leader");
        }
        leadership.abdicate();
        return ApiResponse.json(200, JsonNodeFactory.instance.objectNode().put("message", "Leadership abdicated"));
    }
}
