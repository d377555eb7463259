package io.pacer.scheduler.api;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /v2/pacer/whoami}: who the request's credentials prove, for the web UI to show and to hide what a viewer
 * may not do: {@code {"user": "dev", "role": "viewer", "authentication": "basic"}}, or, without users,
 * {@code {"user": null, "role": "admin", "authentication": "none"}}. Under {@code /v2/pacer/}, which no Marathon
 * path uses. Wrong or missing credentials never get here ({@link ApiAccess} answers 401).
 */
public final class WhoAmIResource {
    public static final String PREFIX = "/v2/pacer/whoami";

    private final ApiUsers users;

    public WhoAmIResource(ApiUsers users) {
        this.users = users;
    }

    public Route route() {
        return Route.get(PREFIX, request -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            if (!users.required()) {
                answer.put("user", null);
                answer.put("role", role(ApiUsers.Role.ADMIN));
                answer.put("authentication", "none");
                return ApiResponse.json(200, answer);
            }
            ApiUsers.User user = users.authenticate(request.header("Authorization"))
                    .orElseThrow(() -> ApiException.of(401, "Authentication required: send HTTP Basic credentials of a Pacer user"));
            answer.put("user", user.name());
            answer.put("role", role(user.role()));
            answer.put("authentication", "basic");
            return ApiResponse.json(200, answer);
        });
    }

    private static String role(ApiUsers.Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
