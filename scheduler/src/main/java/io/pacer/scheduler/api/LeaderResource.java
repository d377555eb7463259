package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * {@code /v2/leader} (leader.raml, api/v2/LeaderResource.scala). Without ZooKeeper one Pacer is always its own leader,
 * so GET names this Pacer's {@code host:port}, as {@code /v2/info}'s "leader" does.
 *
 * <p>DELETE asks the leader to abdicate. Marathon without HA "abdicates" by losing its pseudo-election and crashing
 * (ElectionServiceImpl: Standby → crashStrategy), so a supervisor restarts it. Pacer will not end itself on an HTTP
 * call: its embedded cluster, and every task on it, would end too, and no other Pacer could take over. It answers
 * as Marathon's LeaderResource does when it cannot abdicate: 404 {"message":"There is no leader"}, so that tooling
 * sees the abdication did not happen.
 */
public final class LeaderResource {
    public static final String PREFIX = "/v2/leader";

    private final String hostPort;

    public LeaderResource(String hostPort) {
        this.hostPort = hostPort;
    }

    public Route route() {
        return request -> {
            if (!request.path().equals(PREFIX)) {
                return null;
            }
            return switch (request.method()) {
                case "GET", "HEAD" -> ApiResponse.json(200, JsonNodeFactory.instance.objectNode().put("leader", hostPort));
                case "DELETE" -> throw ApiException.of(404, "There is no leader");
                default -> throw ApiException.of(405, request.method() + " is not allowed on " + PREFIX);
            };
        };
    }
}
