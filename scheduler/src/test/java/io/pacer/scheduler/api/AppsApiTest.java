package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.store.DurableStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The apps resource over real HTTP, on a real store. */
class AppsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path workDir;
    private ApiServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = startServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createsAnAppAndAnswersItWithItsLocation() throws Exception {
        HttpResponse<String> created = send("POST", "/v2/apps", "{\"id\": \"/prod/web\", \"cmd\": \"sleep 100\", \"instances\": 2}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/v2/apps/prod/web");
        assertThat(created.headers().firstValue("Marathon-Deployment-Id")).isPresent();
        JsonNode app = JSON.readTree(created.body());
        assertThat(app.get("id").asText()).isEqualTo("/prod/web");
        assertThat(app.get("instances").asInt()).isEqualTo(2);
        assertThat(app.get("mem").asDouble()).isEqualTo(128.0);
        assertThat(app.get("version").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(app.get("deployments").get(0).get("id").asText()).isEqualTo(created.headers().firstValue("Marathon-Deployment-Id").get());

        JsonNode shown = JSON.readTree(send("GET", "/v2/apps/prod/web", null).body());
        assertThat(shown.get("app").get("cmd").asText()).isEqualTo("sleep 100");
        assertThat(changes).as("the scheduler is told at once").hasValue(1);
        JsonNode listed = JSON.readTree(send("GET", "/v2/apps", null).body());
        assertThat(listed.get("apps")).hasSize(1);
    }

    @Test
    void aSecondAppWithTheSameIdIsAConflict() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"a\"}");
        HttpResponse<String> again = send("POST", "/v2/apps", "{\"id\": \"web\", \"cmd\": \"b\"}");

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).get("message").asText()).isEqualTo("An app with id [/web] already exists.");
        assertThat(JSON.readTree(send("GET", "/v2/apps/web", null).body()).get("app").get("cmd").asText()).isEqualTo("a");
    }

    @Test
    void anInvalidAppIsRefusedWithEveryProblemAndNothingIsStored() throws Exception {
        HttpResponse<String> refused = send("POST", "/v2/apps",
                "{\"id\": \"/web\", \"cmd\": \"x\", \"cpus\": -1, \"healthChecks\": [{\"portIndex\": 3}], \"colour\": \"red\"}");

        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("message").asText()).isEqualTo("Object is not valid");
        assertThat(body.get("details").findValuesAsText("path")).containsExactlyInAnyOrder("/cpus", "/healthChecks(0)/portIndex", "/colour");
        assertThat(JSON.readTree(send("GET", "/v2/apps", null).body()).get("apps")).isEmpty();
        assertThat(changes).as("the scheduler is not told of a refused change").hasValue(0);
    }

    @Test
    void malformedJsonIsA400WithThePosition() throws Exception {
        HttpResponse<String> refused = send("POST", "/v2/apps", "{\"id\": \"/web\",\n \"cmd\": }");

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("message").asText()).isEqualTo("Invalid JSON");
        assertThat(body.get("details").asText()).contains("line 2, column");
    }

    @Test
    void aRequestOverTheSizeLimitIsA413() throws Exception {
        String huge = "{\"id\": \"/web\", \"cmd\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertThat(send("POST", "/v2/apps", huge).statusCode()).isEqualTo(413);
    }

    @Test
    void patchChangesOnlyTheFieldsGiven() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"labels\": {\"team\": \"a\"}}");

        HttpResponse<String> patched = send("PATCH", "/v2/apps/web", "{\"instances\": 5}");

        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(patched.body()).get("deploymentId").asText()).isNotEmpty();
        JsonNode app = JSON.readTree(send("GET", "/v2/apps/web", null).body()).get("app");
        assertThat(app.get("instances").asInt()).isEqualTo(5);
        assertThat(app.get("cmd").asText()).isEqualTo("serve");
        assertThat(app.get("labels").get("team").asText()).isEqualTo("a");
        assertThat(send("PATCH", "/v2/apps/nothing", "{\"instances\": 1}").statusCode()).isEqualTo(404);
    }

    @Test
    void putCreatesOrUpdatesAndAFullReplaceMustBeComplete() throws Exception {
        assertThat(send("PUT", "/v2/apps/web", "{\"cmd\": \"serve\"}").statusCode()).isEqualTo(201);
        assertThat(send("PUT", "/v2/apps/web", "{\"instances\": 3}").statusCode()).isEqualTo(200);
        HttpResponse<String> incomplete = send("PUT", "/v2/apps/web?partialUpdate=false", "{\"instances\": 3}");
        assertThat(incomplete.statusCode()).isEqualTo(422);
        JsonNode app = JSON.readTree(send("GET", "/v2/apps/web", null).body()).get("app");
        assertThat(app.get("instances").asInt()).isEqualTo(3);
        assertThat(app.get("cmd").asText()).isEqualTo("serve");
    }

    @Test
    void deleteRemovesTheApp() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\"}");
        assertThat(send("DELETE", "/v2/apps/web", null).statusCode()).isEqualTo(200);
        HttpResponse<String> gone = send("GET", "/v2/apps/web", null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).get("message").asText()).isEqualTo("App '/web' does not exist");
        assertThat(send("DELETE", "/v2/apps/web", null).statusCode()).isEqualTo(404);
    }

    @Test
    void listsFilterByIdAndLabel() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/prod/web\", \"cmd\": \"x\", \"labels\": {\"team\": \"shop\"}}");
        send("POST", "/v2/apps", "{\"id\": \"/prod/db\", \"cmd\": \"x\", \"labels\": {\"team\": \"data\"}}");
        send("POST", "/v2/apps", "{\"id\": \"/dev/web\", \"cmd\": \"x\"}");

        assertThat(ids("/v2/apps?id=prod")).containsExactly("/prod/db", "/prod/web");
        assertThat(ids("/v2/apps?label=team==shop")).containsExactly("/prod/web");
        assertThat(ids("/v2/apps?label=team")).containsExactly("/prod/db", "/prod/web");
        assertThat(ids("/v2/apps?label=team!=shop")).containsExactly("/dev/web", "/prod/db");
    }

    @Test
    void appsSurviveARestart() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 4}");
        server.close();
        server = startServer();

        JsonNode app = JSON.readTree(send("GET", "/v2/apps/web", null).body()).get("app");
        assertThat(app.get("instances").asInt()).isEqualTo(4);
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        assertThat(send("GET", "/v2/nothing", null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/v2/apps", null).statusCode()).isEqualTo(405);
    }

    private ApiServer startServer() throws InterruptedException {
        AppRepository apps = new AppRepository(new DurableStore(workDir.resolve("state")));
        return new ApiServer("127.0.0.1", 0, 1024 * 1024, Map.of(AppsResource.PREFIX, new AppsResource(apps, CLOCK, changes::incrementAndGet)));
    }

    private java.util.List<String> ids(String path) throws Exception {
        return JSON.readTree(send("GET", path, null).body()).get("apps").findValuesAsText("id").stream().sorted().toList();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
