package io.pacer.scheduler.api;

import java.util.Map;
import java.util.Optional;

/**
 * Whether a request may reach the API: without users, every one; with them, only one with a user's HTTP Basic
 * credentials (401 with the realm's challenge otherwise), and a viewer only to read (403 otherwise). Open to all:
 * {@code /ping}, for load balancers' checks, and reading artifacts ({@code GET /v2/artifacts/...}), which agents'
 * fetchers and executors download without credentials (the executor jar first of all); uploads need an admin.
 */
public final class ApiAccess {
    private static final String PING = "/ping";
    private static final String ARTIFACTS = ArtifactsResource.PREFIX + "/";

    private final ApiUsers users;
    private final String realm;

    public ApiAccess(ApiUsers users, String realm) {
        this.users = users;
        this.realm = realm;
    }

    public static ApiAccess open() {
        return new ApiAccess(ApiUsers.none(), "");
    }

    /** Why {@code method path} is refused to the sender of {@code authorization}; empty when it may go on. */
    public Optional<ApiResponse> refusal(String method, String path, Optional<String> authorization) {
        boolean reads = method.equals("GET") || method.equals("HEAD");
        if (!users.required() || path.equals(PING) || reads && path.startsWith(ARTIFACTS)) {
            return Optional.empty();
        }
        Optional<ApiUsers.User> user = users.authenticate(authorization);
        if (user.isEmpty()) {
            String why = authorization.isEmpty() ? "Authentication required" : "Wrong user name or password";
            return Optional.of(ApiResponse.json(401, Map.of("message", why + ": send HTTP Basic credentials of a Pacer user"),
                    Map.of("WWW-Authenticate", "Basic realm=\"" + realm + "\"")));
        }
        if (user.get().role() == ApiUsers.Role.VIEWER && !reads) {
            return Optional.of(ApiResponse.json(403, Map.of("message", "User '" + user.get().name()
                    + "' is a viewer and may only read: " + method + " " + path + " needs an admin")));
        }
        return Optional.empty();
    }
}
