package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pacer.scheduler.time.MovableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiAccessTest {
    @TempDir
    Path dir;

    private ApiAccess access() throws Exception {
        return new ApiAccess(users(), "Mesosphere");
    }

    private ApiUsers users() throws Exception {
        List<ApiUsers.User> users = new ArrayList<>(ApiUsers.parseList("ops:op-secret"));
        users.addAll(ApiUsers.readFile(Files.writeString(dir.resolve("users"), """
                # who may use Pacer
                dev:dev:pass:viewer
                lead:lead-pass:admin
                """)));
        return ApiUsers.of(users);
    }

    @Test
    void withoutUsersEveryRequestGoesOn() {
        assertThat(ApiAccess.open().refusal("DELETE", "/v2/apps/x", Optional.empty())).isEmpty();
    }

    @Test
    void withoutOrWithWrongCredentialsA401WithTheRealmsChallenge() throws Exception {
        for (Optional<String> authorization : List.of(Optional.<String>empty(), Optional.of(basic("ops", "wrong")),
                Optional.of(basic("nobody", "op-secret")), Optional.of("Bearer op-secret"), Optional.of("Basic !!!"))) {
            ApiResponse refused = access().refusal("GET", "/v2/apps", authorization).orElseThrow();
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.headers()).containsEntry("WWW-Authenticate", "Basic realm=\"Mesosphere\"");
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("\"message\"");
        }
    }

    @Test
    void pingAndReadingArtifactsStayOpenUploadingDoesNot() throws Exception {
        assertThat(access().refusal("GET", "/ping", Optional.empty())).isEmpty();
        assertThat(access().refusal("GET", "/v2/artifacts/pacer-executor.jar", Optional.empty())).as("agents fetch it").isEmpty();
        assertThat(access().refusal("PUT", "/v2/artifacts/demo/app.py", Optional.empty()).orElseThrow().status()).isEqualTo(401);
        assertThat(access().refusal("PUT", "/v2/artifacts/demo/app.py", Optional.of(basic("dev", "dev:pass"))).orElseThrow().status())
                .isEqualTo(403);
        assertThat(access().refusal("GET", "/v2/artifactsx", Optional.empty()).orElseThrow().status()).isEqualTo(401);
    }

    @Test
    void anAdminMayDoAnythingAViewerOnlyRead() throws Exception {
        ApiAccess access = access();
        assertThat(access.refusal("POST", "/v2/apps", Optional.of(basic("ops", "op-secret")))).isEmpty();
        assertThat(access.refusal("DELETE", "/v2/apps/x", Optional.of(basic("lead", "lead-pass")))).isEmpty();
        assertThat(access.refusal("GET", "/v2/apps", Optional.of(basic("dev", "dev:pass")))).as("a password may hold ':'").isEmpty();
        assertThat(access.refusal("HEAD", "/v2/apps", Optional.of(basic("dev", "dev:pass")))).isEmpty();

        ApiResponse refused = access.refusal("POST", "/v2/apps", Optional.of(basic("dev", "dev:pass"))).orElseThrow();

        assertThat(refused.status()).isEqualTo(403);
        assertThat(new String(refused.body(), StandardCharsets.UTF_8))
                .contains("User 'dev' is a viewer and may only read: POST /v2/apps needs an admin");
    }

    @Test
    void theWebUisFilesAreOpenToReadItsDataIsNot() throws Exception {
        assertThat(access().refusal("GET", "/", Optional.empty())).isEmpty();
        assertThat(access().refusal("GET", "/ui/app.js", Optional.empty())).isEmpty();
        assertThat(access().refusal("POST", "/ui/app.js", Optional.empty()).orElseThrow().status()).isEqualTo(401);
        assertThat(access().refusal("GET", "/v2/pacer/whoami", Optional.empty()).orElseThrow().status()).isEqualTo(401);
    }

    @Test
    void aScriptsRequestGets401WithoutTheChallengeSoThatTheBrowserDoesNotAsk() throws Exception {
        ApiResponse refused = access().refusal("GET", "/v2/apps", Optional.of(basic("ops", "wrong")), "10.0.0.1", true).orElseThrow();

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers()).doesNotContainKey("WWW-Authenticate");
    }

    @Test
    void moreThanTheLimitOfFailedLoginsA429WithRetryAfterEvenWithRightCredentialsUntilTheMinuteHasPassed() throws Exception {
        MovableClock clock = new MovableClock();
        ApiAccess access = new ApiAccess(users(), "Mesosphere", new FailedLogins(2, clock, new SimpleMeterRegistry()));
        for (Optional<String> wrong : List.of(Optional.of(basic("ops", "guess")), Optional.of(basic("nobody", "x")))) {
            assertThat(access.refusal("GET", "/v2/apps", wrong, "10.0.0.1", false).orElseThrow().status()).isEqualTo(401);
        }
        assertThat(access.refusal("GET", "/v2/apps", Optional.empty(), "10.0.0.1", false).orElseThrow().status())
                .as("no credentials: not a failed login").isEqualTo(401);
        assertThat(access.refusal("GET", "/v2/apps", Optional.of(basic("ops", "op-secret")), "10.0.0.1", false)).as("2 failures, limit 2").isEmpty();
        clock.advance(Duration.ofSeconds(20));
        assertThat(access.refusal("GET", "/v2/apps", Optional.of("Basic !!!"), "10.0.0.1", false).orElseThrow().status()).isEqualTo(401);

        ApiResponse refused = access.refusal("GET", "/v2/apps", Optional.of(basic("ops", "op-secret")), "10.0.0.1", false).orElseThrow();

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers()).containsEntry("Retry-After", "40");
        assertThat(new String(refused.body(), StandardCharsets.UTF_8))
                .contains("Too many failed logins from 10.0.0.1: more than 2 in the last minute; try again in 40 s");
        assertThat(access.refusal("GET", "/v2/apps", Optional.of(basic("ops", "op-secret")), "10.0.0.2", false)).as("another client").isEmpty();
        assertThat(access.refusal("GET", "/ping", Optional.empty(), "10.0.0.1", false)).as("/ping stays open").isEmpty();
        clock.advance(Duration.ofSeconds(40));
        assertThat(access.refusal("GET", "/v2/apps", Optional.of(basic("ops", "op-secret")), "10.0.0.1", false)).isEmpty();
    }

    @Test
    void badUserListsSayWhatIsWrongWithoutThePassword() {
        assertThatThrownBy(() -> ApiUsers.parseList("ops")).hasMessage("expected user:password, got 'ops'");
        assertThatThrownBy(() -> ApiUsers.parseList("ops:")).hasMessage("user 'ops' has an empty password");
        assertThatThrownBy(() -> ApiUsers.parseList(":secret")).hasMessage("expected user:password, got ':***'");
        assertThat(ApiUsers.parseList("ops:op-secret").get(0).toString()).isEqualTo("User[ops, admin]");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
