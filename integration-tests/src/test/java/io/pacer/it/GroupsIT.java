package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The /v2/groups API of the real pacer.jar, as Marathon 1.x defines it (groups.raml): a tree created in one POST
 * and read back as GroupInfo, 409 for one that exists, 404 for none, versions and a restore, groups made implicitly
 * by an app's nested id, a dry run that only tells the plan, and 422 in Marathon's shape for what must be refused
 * whole (a cycle, an unknown dependency, a bad id, an app and a group with one id, scaleBy 0). These apps have no
 * instances, or are never deployed: {@link GroupDeploymentIT} runs tasks. One Pacer for the class; each test uses
 * groups of its own.
 */
class GroupsIT {
    private static final Duration DEPLOY = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static PacerProcess pacer;

    @BeforeAll
    static void start() throws Exception {
        pacer = PacerProcess.start(dir.resolve("pacer"));
    }

    @AfterAll
    static void stop() throws Exception {
        pacer.close();
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    void aTreePostedOnceIsReadBackAsGroupInfoWithVersionsAndRestoredToItsFirstVersion() throws Exception {
        ObjectNode catalog = group("/catalog", List.of(app("search", List.of())), List.of());
        catalog.withArray("groups").add(group("reviews", List.of(app("store", List.of("../search"))), List.of()));

        HttpResponse<String> created = pacer.send("POST", "/v2/groups", catalog.toString());
        PacerProcess.deploymentId(created, 201);
        String v1 = PacerProcess.JSON.readTree(created.body()).get("version").asText();
        pacer.awaitNoDeployment(DEPLOY, "GroupsIT");
        assertThat(pacer.send("POST", "/v2/groups", catalog.toString()).statusCode()).as("it exists").isEqualTo(409);
        assertThat(pacer.send("GET", "/v2/groups/catalog/nothing", null).statusCode()).isEqualTo(404);

        JsonNode info = pacer.get("/v2/groups/catalog");
        assertThat(info.get("id").asText()).isEqualTo("/catalog");
        assertThat(PacerProcess.ids(info.get("apps"))).containsExactly("/catalog/search");
        assertThat(PacerProcess.ids(info.get("groups"))).containsExactly("/catalog/reviews");
        assertThat(info.get("pods")).isEmpty();
        assertThat(info.get("dependencies")).isEmpty();
        assertThat(info.get("version").asText()).isEqualTo(v1);
        assertThat(info.has("enforceRole")).as("GroupInfo's fields: " + info).isTrue();
        JsonNode reviews = pacer.get("/v2/groups/catalog/reviews?embed=group.apps");
        assertThat(reviews.get("apps").get(0).get("id").asText()).isEqualTo("/catalog/reviews/store");
        assertThat(reviews.get("apps").get(0).get("dependencies")).as("a relative dependency, resolved against the app's group")
                .extracting(JsonNode::asText).containsExactly("/catalog/search");

        ObjectNode grown = catalog.deepCopy();
        grown.withArray("apps").add(app("index", List.of("search")));
        PacerProcess.deploymentId(pacer.send("PUT", "/v2/groups/catalog", grown.toString()), 200);
        pacer.awaitNoDeployment(DEPLOY, "GroupsIT");
        assertThat(PacerProcess.ids(pacer.get("/v2/groups/catalog").get("apps"))).contains("/catalog/index");
        assertThat(pacer.get("/v2/groups/catalog/versions")).extracting(JsonNode::asText).hasSize(2).contains(v1);

        PacerProcess.deploymentId(pacer.send("PUT", "/v2/groups/catalog", "{\"version\": \"" + v1 + "\"}"), 200);
        pacer.awaitNoDeployment(DEPLOY, "GroupsIT");
        assertThat(PacerProcess.ids(pacer.get("/v2/groups/catalog").get("apps"))).as("restored to " + v1)
                .containsExactly("/catalog/search");
        assertThat(pacer.send("GET", "/v2/apps/catalog/index", null).statusCode()).isEqualTo(404);
    }

    @Test
    void cyclesUnknownDependenciesBadIdsClashesAndScaleByZeroAre422NamingThePathAndChangeNothing() throws Exception {
        PacerProcess.deploymentId(pacer.send("POST", "/v2/groups", group("/kept", List.of(app("one", List.of())), List.of()).toString()), 201);
        pacer.awaitNoDeployment(DEPLOY, "GroupsIT");
        JsonNode groupsBefore = pacer.get("/v2/groups");
        JsonNode appsBefore = pacer.get("/v2/apps");

        ObjectNode cycle = group("/cycle", List.of(app("a", List.of("b")), app("b", List.of("/cycle/c")), app("c", List.of("a"))), List.of());
        assertInvalid(pacer.send("POST", "/v2/groups", cycle.toString()), "/cycle/a", "/cycle/b", "/cycle/c");
        ObjectNode unknown = group("/unknown", List.of(app("api", List.of("db"))), List.of());
        assertInvalid(pacer.send("POST", "/v2/groups", unknown.toString()), "/unknown/db");
        ObjectNode groupOnUnknown = group("/unknown", List.of(app("api", List.of())), List.of("/nowhere"));
        assertInvalid(pacer.send("POST", "/v2/groups", groupOnUnknown.toString()), "/nowhere");
        assertInvalid(pacer.send("POST", "/v2/groups", group("/Bad_Id!", List.of(), List.of()).toString()), "id");
        ObjectNode clash = group("/clash", List.of(app("x", List.of())), List.of());
        clash.withArray("groups").add(group("x", List.of(), List.of()));
        assertInvalid(pacer.send("POST", "/v2/groups", clash.toString()), "/groups(0)/id");
        // a change of an existing group is refused whole too: /kept keeps its one app
        ObjectNode keptWithCycle = group("/kept", List.of(app("one", List.of("two")), app("two", List.of("one"))), List.of());
        assertInvalid(pacer.send("PUT", "/v2/groups/kept", keptWithCycle.toString()), "/kept/one", "/kept/two");
        assertInvalid(pacer.send("PUT", "/v2/groups/kept", "{\"scaleBy\": 0}"), "scaleBy");
        assertInvalid(pacer.send("PUT", "/v2/groups/kept", "{\"scaleBy\": -1}"), "scaleBy");
        HttpResponse<String> appOnGroup = pacer.send("POST", "/v2/apps", app("/kept", List.of()).toString());
        assertThat(appOnGroup.statusCode()).as("an app with a group's id: " + appOnGroup.body()).isIn(409, 422);

        assertThat(pacer.get("/v2/groups")).as("no group created or changed").isEqualTo(groupsBefore);
        assertThat(pacer.get("/v2/apps")).as("no app created or changed").isEqualTo(appsBefore);
        assertThat(pacer.get("/v2/deployments")).isEmpty();
    }

    @Test
    void anAppPostedWithANestedIdCreatesItsGroups() throws Exception {
        assertThat(pacer.send("POST", "/v2/apps", app("/implicit/team/svc", List.of()).toString()).statusCode()).isEqualTo(201);
        pacer.awaitNoDeployment(DEPLOY, "GroupsIT");

        assertThat(PacerProcess.ids(pacer.get("/v2/groups").get("groups"))).contains("/implicit");
        assertThat(PacerProcess.ids(pacer.get("/v2/groups/implicit").get("groups"))).containsExactly("/implicit/team");
        JsonNode team = pacer.get("/v2/groups/implicit/team");
        assertThat(PacerProcess.ids(team.get("apps"))).containsExactly("/implicit/team/svc");
        assertThat(team.get("groups")).isEmpty();
        assertThat(PacerProcess.ids(pacer.get("/v2/apps?id=/implicit").get("apps"))).containsExactly("/implicit/team/svc");
    }

    @Test
    void aDryRunAnswersTheStepsInDependencyOrderAndChangesNothing() throws Exception {
        JsonNode groupsBefore = pacer.get("/v2/groups");
        HttpResponse<String> dryRun = pacer.send("PUT", "/v2/groups" + ShopGroup.ID + "?dryRun=true", ShopGroup.json().toString());

        assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
        JsonNode steps = PacerProcess.JSON.readTree(dryRun.body()).get("steps");
        System.out.println("GroupsIT dryRun: " + steps);
        Map<String, Integer> lastStep = new java.util.HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            for (JsonNode action : steps.get(i).get("actions")) {
                assertThat(action.get("action").asText()).isIn("StartApplication", "ScaleApplication", "RestartApplication", "StopApplication");
                lastStep.put(action.get("app").asText(), i);
            }
        }
        assertThat(lastStep).as("steps: " + steps).containsOnlyKeys(ShopGroup.LEVELS.apps());
        assertThat(lastStep.get(ShopGroup.DB)).as("db's step before api's: " + steps).isLessThan(lastStep.get(ShopGroup.API));
        assertThat(lastStep.get(ShopGroup.API)).as("api's step before web's: " + steps).isLessThan(lastStep.get(ShopGroup.WEB));
        assertThat(steps.findValuesAsText("action")).as("a new app is started").contains("StartApplication");

        assertThat(pacer.send("GET", "/v2/groups" + ShopGroup.ID, null).statusCode()).isEqualTo(404);
        assertThat(pacer.get("/v2/groups")).isEqualTo(groupsBefore);
        assertThat(pacer.get("/v2/apps?id=" + ShopGroup.ID).get("apps")).isEmpty();
        assertThat(pacer.get("/v2/deployments")).isEmpty();
    }

    /** A 422 in Marathon's shape whose details name each of {@code named} (in a path or an error). */
    private static void assertInvalid(HttpResponse<String> response, String... named) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        System.out.println("GroupsIT 422: " + response.body());
        JsonNode body = PacerProcess.JSON.readTree(response.body());
        assertThat(body.get("message").asText()).isEqualTo("Object is not valid");
        assertThat(body.get("details")).isNotEmpty();
        for (JsonNode detail : body.get("details")) {
            assertThat(detail.has("path") && detail.get("errors").isArray()).as("a detail's shape: " + detail).isTrue();
        }
        assertThat(body.get("details").toString()).contains(named);
    }


    private static ObjectNode group(String id, List<ObjectNode> apps, List<String> dependencies) {
        ObjectNode group = PacerProcess.JSON.createObjectNode().put("id", id);
        group.putArray("apps").addAll(apps);
        group.putArray("groups");
        dependencies.forEach(group.putArray("dependencies")::add);
        return group;
    }

    /** An app of no instances: the API tests check definitions, and {@link GroupDeploymentIT} runs tasks. */
    private static ObjectNode app(String id, List<String> dependencies) {
        ObjectNode app = PacerProcess.JSON.createObjectNode().put("id", id).put("cmd", "exec sleep 1241").put("cpus", 0.01)
                .put("mem", 16).put("instances", 0);
        app.putArray("portDefinitions");
        dependencies.forEach(app.putArray("dependencies")::add);
        return app;
    }
}
