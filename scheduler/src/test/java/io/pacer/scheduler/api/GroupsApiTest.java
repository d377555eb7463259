package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pacer.scheduler.time.MovableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /v2/groups over HTTP on real repositories: trees, dependency-ordered plans, refusals that change nothing. */
class GroupsApiTest {
    @TempDir
    Path workDir;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00.070Z"));
    private final LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(workDir, clock, Duration.ofSeconds(60));
        api.events.subscribe(events::add);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aTreeIsCreatedInOneRequestAndDeployedOneDependencyLevelPerStep() throws Exception {
        HttpResponse<String> created = api.send("POST", "/v2/groups", shop());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode answer = ApiFixture.JSON.readTree(created.body());
        JsonNode deployment = api.json("GET", "/v2/deployments", null).get(0);
        assertThat(deployment.get("id").asText()).isEqualTo(answer.get("deploymentId").asText());
        assertThat(steps(deployment)).containsExactly("StartApplication /shop/storage/db", "StartApplication /shop/backend/api",
                "StartApplication /shop/web");
        assertThat(deployment.get("currentStep").asInt()).isEqualTo(1);
        assertThat(api.json("GET", "/v2/queue", null).get("queue")).as("later steps queue nothing yet")
                .extracting(q -> q.get("app").get("id").asText()).containsExactly("/shop/storage/db");
        JsonNode root = api.json("GET", "/v2/groups", null);
        assertThat(root.get("groups").get(0).get("id").asText()).isEqualTo("/shop");
        JsonNode web = api.json("GET", "/v2/apps/shop/web", null).get("app");
        assertThat(web.get("dependencies")).extracting(JsonNode::asText).containsExactly("/shop/backend/api");
        assertThat(api.json("GET", "/v2/groups/shop/backend", null).get("dependencies")).extracting(JsonNode::asText)
                .containsExactly("/shop/storage");
        assertThat(eventTypes()).contains("deployment_info", "group_change_success");
        assertThat(api.send("POST", "/v2/groups", shop()).statusCode()).as("it exists").isEqualTo(409);
    }

    @Test
    void aCycleOrAnUnknownDependencyIsRefusedNamingItAndNothingIsCreated() throws Exception {
        HttpResponse<String> cycle = api.send("POST", "/v2/groups", """
                {"id": "/c", "apps": [{"id": "a", "cmd": "x", "dependencies": ["b"]}, {"id": "b", "cmd": "x", "dependencies": ["a"]}]}""");
        HttpResponse<String> unknown = api.send("POST", "/v2/groups", """
                {"id": "/u", "apps": [{"id": "a", "cmd": "x", "dependencies": ["/nowhere"]}]}""");

        assertThat(cycle.statusCode()).isEqualTo(422);
        assertThat(cycle.body()).contains("Dependency graph has cyclic dependencies. /c/a -> /c/b -> /c/a");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("\"path\":\"/u/a\"").contains("/nowhere");
        assertThat(api.json("GET", "/v2/groups", null).get("groups")).isEmpty();
        assertThat(api.json("GET", "/v2/apps", null).get("apps")).isEmpty();
        assertThat(api.json("GET", "/v2/deployments", null)).isEmpty();
        assertThat(eventTypes()).containsExactly("group_change_failed", "group_change_failed");
    }

    @Test
    void anAppMakesItsGroupsAndMayNotTakeAGroupsId() throws Exception {
        assertThat(api.send("POST", "/v2/apps", "{\"id\": \"/team/svc/web\", \"cmd\": \"x\"}").statusCode()).isEqualTo(201);

        assertThat(api.json("GET", "/v2/groups/team", null).get("groups").get(0).get("id").asText()).isEqualTo("/team/svc");
        HttpResponse<String> clash = api.send("POST", "/v2/apps", "{\"id\": \"/team/svc\", \"cmd\": \"x\"}");
        assertThat(clash.statusCode()).isEqualTo(422);
        assertThat(clash.body()).contains("Groups and Applications may not have the same identifier.");
        HttpResponse<String> under = api.send("POST", "/v2/apps", "{\"id\": \"/team/svc/web/sidecar\", \"cmd\": \"x\"}");
        assertThat(under.statusCode()).as("an app's id is no group").isEqualTo(422);
        assertThat(api.send("POST", "/v2/apps", "{\"id\": \"/team/api\", \"cmd\": \"x\", \"dependencies\": [\"/nope\"]}")
                .statusCode()).isEqualTo(422);
        assertThat(api.json("GET", "/v2/apps", null).get("apps")).hasSize(1);
    }

    @Test
    void scaleByMultipliesEveryAppAndADryRunOnlyShowsThePlan() throws Exception {
        api.send("POST", "/v2/groups", shop());
        api.finishDeployments();
        clock.advance(Duration.ofSeconds(1));

        JsonNode dryRun = api.json("PUT", "/v2/groups/shop?dryRun=true", "{\"scaleBy\": 2}");
        assertThat(dryRun.get("steps")).hasSize(3);
        assertThat(api.json("GET", "/v2/apps/shop/web", null).get("app").get("instances").asInt()).as("dry").isEqualTo(2);
        assertThat(api.json("GET", "/v2/deployments", null)).isEmpty();

        assertThat(api.send("PUT", "/v2/groups/shop", "{\"scaleBy\": 1.5}").statusCode()).isEqualTo(200);
        assertThat(api.json("GET", "/v2/apps/shop/web", null).get("app").get("instances").asInt()).as("ceil(2 × 1.5)").isEqualTo(3);
        assertThat(api.json("GET", "/v2/apps/shop/storage/db", null).get("app").get("instances").asInt()).as("ceil(1 × 1.5)").isEqualTo(2);
        assertThat(steps(api.json("GET", "/v2/deployments", null).get(0))).containsExactly("ScaleApplication /shop/storage/db",
                "ScaleApplication /shop/backend/api", "ScaleApplication /shop/web");
        assertThat(api.send("PUT", "/v2/groups/shop?force=true", "{\"scaleBy\": 0}").statusCode()).isEqualTo(422);
    }

    @Test
    void aPutKeepsWhatItLeavesOutAndAChangeOfAHeldAppIsLocked() throws Exception {
        api.send("POST", "/v2/groups", shop());
        clock.advance(Duration.ofSeconds(1));

        HttpResponse<String> locked = api.send("PUT", "/v2/groups/shop", "{\"scaleBy\": 2}");
        assertThat(locked.statusCode()).as("the apps the create deploys are held").isEqualTo(409);
        assertThat(locked.body()).contains(api.json("GET", "/v2/deployments", null).get(0).get("id").asText());
        api.finishDeployments();
        HttpResponse<String> put = api.send("PUT", "/v2/groups/shop/backend", "{\"dependencies\": []}");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(api.json("GET", "/v2/apps", null).get("apps")).as("nothing removed").hasSize(3);
        assertThat(api.json("GET", "/v2/groups/shop/backend", null).get("dependencies")).isEmpty();
        assertThat(api.json("GET", "/v2/deployments", null)).as("a change of no app deploys nothing").isEmpty();
    }

    @Test
    void aDeleteStopsDependentsFirstAndAStoredVersionComesBack() throws Exception {
        api.send("POST", "/v2/groups", shop());
        api.finishDeployments();
        String first = api.json("GET", "/v2/groups/shop/versions", null).get(0).asText();
        clock.advance(Duration.ofSeconds(1));
        api.send("PUT", "/v2/groups/shop", "{\"scaleBy\": 2}");
        api.finishDeployments();
        clock.advance(Duration.ofSeconds(1));

        assertThat(api.json("GET", "/v2/groups/shop/versions", null)).hasSize(2);
        assertThat(api.send("PUT", "/v2/groups/shop", "{\"version\": \"" + first + "\"}").statusCode()).isEqualTo(200);
        assertThat(api.json("GET", "/v2/apps/shop/web", null).get("app").get("instances").asInt()).isEqualTo(2);
        api.finishDeployments();
        clock.advance(Duration.ofSeconds(1));

        HttpResponse<String> deleted = api.send("DELETE", "/v2/groups/shop", null);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(steps(api.json("GET", "/v2/deployments", null).get(0))).containsExactly("StopApplication /shop/web",
                "StopApplication /shop/backend/api", "StopApplication /shop/storage/db");
        assertThat(api.send("GET", "/v2/groups/shop", null).statusCode()).isEqualTo(404);
        assertThat(api.json("GET", "/v2/apps", null).get("apps")).isEmpty();
    }

    @Test
    void aForcedChangeCarriesOnWhatTheDeploymentItCancelsHadNotDoneInDependencyOrder() throws Exception {
        api.send("POST", "/v2/groups", shop());
        clock.advance(Duration.ofSeconds(1));

        HttpResponse<String> forced = api.send("PUT", "/v2/groups/shop/storage?force=true",
                "{\"apps\": [{\"id\": \"db\", \"cmd\": \"serve-db --v2\", \"cpus\": 0.1, \"mem\": 64}]}");

        assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
        assertThat(api.json("GET", "/v2/deployments", null)).singleElement().satisfies(d -> assertThat(steps(d))
                .containsExactly("RestartApplication /shop/storage/db", "StartApplication /shop/backend/api", "StartApplication /shop/web"));
        HttpResponse<String> app = api.send("PUT", "/v2/apps/shop/storage/db?force=true", "{\"instances\": 3}");
        assertThat(app.statusCode()).as(app.body()).isEqualTo(200);
        assertThat(api.json("GET", "/v2/deployments", null)).as("through /v2/apps as well").singleElement()
                .satisfies(d -> assertThat(steps(d)).endsWith("StartApplication /shop/backend/api", "StartApplication /shop/web"));
    }

    @Test
    void aRolledBackCreationTakesItsGroupsWithIt() throws Exception {
        api.send("POST", "/v2/apps", "{\"id\": \"/shop/other\", \"cmd\": \"x\"}");
        api.finishDeployments();
        clock.advance(Duration.ofSeconds(1));
        String created = ApiFixture.JSON.readTree(api.send("POST", "/v2/groups/shop", """
                {"id": "team", "groups": [{"id": "inner", "apps": [{"id": "a", "cmd": "x"}]}]}""").body()).get("deploymentId").asText();

        assertThat(api.send("DELETE", "/v2/deployments/" + created, null).statusCode()).isEqualTo(200);

        assertThat(api.send("GET", "/v2/groups/shop/team", null).statusCode()).isEqualTo(404);
        assertThat(api.send("GET", "/v2/apps/shop/team/inner/a", null).statusCode()).isEqualTo(404);
        assertThat(api.send("GET", "/v2/groups/shop", null).statusCode()).as("it was there before").isEqualTo(200);
    }

    /** Each step's actions as "Action /app", in order. */
    private static List<String> steps(JsonNode deployment) {
        List<String> steps = new ArrayList<>();
        deployment.get("steps").forEach(step -> step.get("actions")
                .forEach(a -> steps.add(a.get("action").asText() + " " + a.get("app").asText())));
        return steps;
    }

    private List<String> eventTypes() {
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("eventType").asText()));
        return types;
    }

    private static String shop() {
        try (var in = GroupsApiTest.class.getResourceAsStream("/groups/shop.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
