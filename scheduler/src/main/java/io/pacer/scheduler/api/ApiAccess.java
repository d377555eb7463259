package io.pacer.scheduler.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a request may reach the API: without users, every one; with them, only one with a user's HTTP Basic
 * credentials (401 with the realm's challenge otherwise), and a viewer only to read (403 otherwise). Open to all:
 * {@code /ping}, for load balancers' checks, reading artifacts ({@code GET /v2/artifacts/...}), which agents'
 * fetchers and executors download without credentials (the executor jar first of all), and the web UI's page and
 * files, which hold no data (the UI asks for credentials itself); uploads need an admin. A client that failed to log
 * in too often is refused (429) for a while ({@link FailedLogins}).
 */
public final class ApiAccess {
    private static final String PING = "/ping";
    private static final String ARTIFACTS = ArtifactsResource.PREFIX + "/";
    private static final String UI_FILES = WebUiResource.ASSETS + "/";

    private final ApiUsers users;
    private final String realm;
    private final FailedLogins failedLogins;

    public ApiAccess(ApiUsers users, String realm) {
        this(users, realm, FailedLogins.unlimited());
    }

    public ApiAccess(ApiUsers users, String realm, FailedLogins failedLogins) {
        this.users = users;
        this.realm = realm;
        this.failedLogins = failedLogins;
    }

    public static ApiAccess open() {
        return new ApiAccess(ApiUsers.none(), "");
    }

    /** Why {@code method path} is refused to an unknown client sending {@code authorization}; empty when it may go on. */
    public Optional<ApiResponse> refusal(String method, String path, Optional<String> authorization) {
        return refusal(method, path, authorization, "", false);
    }

    /**
     * Why {@code method path} is refused to {@code client} (its address) sending {@code authorization}; empty when it
     * may go on. {@code fromScript} (the request carries {@code X-Requested-With}, as the web UI's do): a 401 comes
     * without the challenge, so that the browser does not ask for credentials itself while the UI shows its login form.
     */
    public Optional<ApiResponse> refusal(String method, String path, Optional<String> authorization, String client, boolean fromScript) {
        boolean reads = method.equals("GET") || method.equals("HEAD");
        boolean openToRead = path.equals(WebUiResource.HOME) || path.startsWith(UI_FILES) || path.startsWith(ARTIFACTS);
        if (!users.required() || path.equals(PING) || reads && openToRead) {
            return Optional.empty();
        }
        Optional<Duration> wait = failedLogins.wait(client);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            return Optional.of(ApiResponse.json(429, Map.of("message", "Too many failed logins from " + client + ": more than "
                    + failedLogins.limit() + " in the last minute; try again in " + seconds + " s"), Map.of("Retry-After", String.valueOf(seconds))));
        }
        ApiUsers.Login login = users.login(authorization);
        if (login.user().isEmpty()) {
            login.failure().ifPresent(reason -> failedLogins.record(client, reason));
            String why = authorization.isEmpty() ? "Authentication required" : "Wrong user name or password";
            Map<String, String> headers = new LinkedHashMap<>();
            if (!fromScript) {
                headers.put("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
            }
            return Optional.of(ApiResponse.json(401, Map.of("message", why + ": send HTTP Basic credentials of a Pacer user"), headers));
        }
        ApiUsers.User user = login.user().get();
        if (user.role() == ApiUsers.Role.VIEWER && !reads) {
            return Optional.of(ApiResponse.json(403, Map.of("message", "User '" + user.name()
                    + "' is a viewer and may only read: " + method + " " + path + " needs an admin")));
        }
        return Optional.empty();
    }
}
