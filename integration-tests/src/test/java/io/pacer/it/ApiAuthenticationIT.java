package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pacer.jar with --http-credentials-file (an admin and a viewer) and in-process discovery: every endpoint but /ping
 * and artifact downloads asks who calls, a viewer only reads, the agent still fetches the executor, and discovery
 * still follows the API with its own internal credentials.
 */
class ApiAuthenticationIT {
    private static final String ADMIN = "ops:s3cret-admin-pass";
    private static final String VIEWER = "dev:s3cret-viewer-pass";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyEndpointButPingAsksWhoCallsAViewerOnlyReadsAndDiscoveryStillFollows() throws Exception {
        Path users = Files.writeString(dir.resolve("users"), ADMIN + "\n" + VIEWER + ":viewer\n");
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), "--http-credentials-file", users.toString(),
                "--discovery", "--discovery-outputs", "file")) {
            for (String path : List.of("/v2/apps", "/v2/tasks", "/v2/events", "/v2/queue", "/v2/info", "/metrics", "/v2/pacer/whoami")) {
                HttpResponse<String> anonymous = send("GET", pacer.uri.resolve(path), Optional.empty(), null);
                assertThat(anonymous.statusCode()).as("GET %s without credentials", path).isEqualTo(401);
                assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"Mesosphere\"");
            }
            assertThat(send("PUT", pacer.uri.resolve("/v2/artifacts/x/upload.bin"), Optional.of("ops:wrong"), "data").statusCode())
                    .as("an upload with a wrong password").isEqualTo(401);
            assertThat(send("GET", pacer.uri.resolve("/ping"), Optional.empty(), null).statusCode()).isEqualTo(200);
            for (String path : List.of("/", "/ui/app.js")) {
                assertThat(send("GET", pacer.uri.resolve(path), Optional.empty(), null).statusCode())
                        .as("the web UI's files hold no data: its login form asks for credentials").isEqualTo(200);
            }
            assertThat(send("GET", pacer.uri.resolve("/v2/artifacts/pacer-executor.jar"), Optional.empty(), null).statusCode())
                    .as("agents fetch the executor without credentials").isEqualTo(200);
            assertThat(send("PUT", pacer.uri.resolve("/v2/artifacts/x/upload.bin"), Optional.of(VIEWER), "data").statusCode())
                    .as("a viewer's upload").isEqualTo(403);

            String app = "{\"id\": \"/auth/web\", \"cmd\": \"exec sleep 7821\", \"cpus\": 0.1, \"mem\": 32, \"portDefinitions\": [{\"port\": 0}]}";
            HttpResponse<String> viewerPost = send("POST", pacer.uri.resolve("/v2/apps"), Optional.of(VIEWER), app);
            assertThat(viewerPost.statusCode()).isEqualTo(403);
            assertThat(viewerPost.body()).contains("User 'dev' is a viewer and may only read: POST /v2/apps needs an admin");
            assertThat(send("POST", pacer.uri.resolve("/v2/apps"), Optional.of(ADMIN), app).statusCode()).isEqualTo(201);
            assertThat(send("GET", pacer.uri.resolve("/v2/apps/auth/web"), Optional.of(VIEWER), null).statusCode()).isEqualTo(200);
            assertThat(send("DELETE", pacer.uri.resolve("/v2/apps/auth/web/tasks"), Optional.of(VIEWER), null).statusCode()).isEqualTo(403);

            // in-process discovery reads the API with credentials of its own and sees the task
            Path endpoints = dir.resolve("pacer/discovery/endpoints/endpoints.json");
            Poll.until(Duration.ofSeconds(60), () -> "the app's task in " + endpoints + "\nPacer's log:\n" + pacer.tail(),
                    () -> Files.exists(endpoints) && Files.readString(endpoints).contains("auth_web.") ? Optional.of(true) : Optional.empty());
            assertThat(send("DELETE", pacer.uri.resolve("/v2/apps/auth/web?force=true"), Optional.of(ADMIN), null).statusCode()).isEqualTo(200);
        }
        try (Stream<Path> files = Files.walk(dir.resolve("pacer"))) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".log") || f.endsWith("stderr")
                    || f.endsWith("stdout")).toList()) {
                assertThat(Files.readString(file)).as("no password in %s", file).doesNotContain("s3cret");
            }
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    private HttpResponse<String> send(String method, URI uri, Optional<String> credentials, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        credentials.ifPresent(c -> request.header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.UTF_8))));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
