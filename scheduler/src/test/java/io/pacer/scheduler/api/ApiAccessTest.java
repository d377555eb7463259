package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        List<ApiUsers.User> users = new ArrayList<>(ApiUsers.parseList("ops:op-secret"));
        users.addAll(ApiUsers.readFile(Files.writeString(dir.resolve("users"), """
                # who may use Pacer
                dev:dev:pass:viewer
                lead:lead-pass:admin
                """)));
        return new ApiAccess(ApiUsers.of(users), "Mesosphere");
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
