package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.deploy.AppChange;
import io.pacer.scheduler.deploy.Deployment;
import io.pacer.scheduler.deploy.DeploymentAction;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.store.DurableStore;
import io.pacer.scheduler.task.ReadinessResult;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change to an app starts a stored deployment, shown by /v2/deployments and in the app, in Marathon's shapes
 * (deployments.raml). The scheduler here only records; it never finishes one, so they stay listed.
 */
class DeploymentsApiTest {
    @TempDir
    Path workDir;
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(workDir);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aCreatedAppHasAStoredStartDeploymentListedInMarathonsShape() throws Exception {
        HttpResponse<String> created = api.send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 2}");
        String id = created.headers().firstValue("Marathon-Deployment-Id").orElseThrow();

        JsonNode list = api.json("GET", "/v2/deployments", null);
        assertThat(list).hasSize(1);
        JsonNode d = list.get(0);
        assertThat(d.get("id").asText()).isEqualTo(id);
        assertThat(d.get("version").asText()).isEqualTo(api.json("GET", "/v2/apps/web", null).get("app").get("version").asText());
        assertThat(d.get("affectedApps").get(0).asText()).isEqualTo("/web");
        assertThat(d.get("steps").get(0).get("actions").get(0).get("action").asText()).isEqualTo("StartApplication");
        assertThat(d.get("currentActions").get(0).get("app").asText()).isEqualTo("/web");
        assertThat(d.get("currentStep").asInt()).isEqualTo(1);
        assertThat(d.get("totalSteps").asInt()).isEqualTo(1);
        assertThat(api.json("GET", "/v2/apps/web", null).get("app").get("deployments").get(0).get("id").asText()).isEqualTo(id);
        assertThat(api.json("GET", "/v2/apps", null).get("apps").get(0).get("deployments").get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void theDeploymentAndTheAppShowTheReadinessResultsOfTasksNotReadyYet() throws Exception {
        api.send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 2,"
                + " \"portDefinitions\": [{\"port\": 0, \"name\": \"http-api\"}], \"readinessChecks\": [{\"name\": \"warm\"}]}");
        api.tasks.put(api.running("web.1", "a").awaitingReadiness(java.util.List.of("warm"))
                .withReadinessResult(new ReadinessResult("warm", true, java.util.Optional.empty())));
        api.tasks.put(api.running("web.2", "b").awaitingReadiness(java.util.List.of("warm"))
                .withReadinessResult(new ReadinessResult("warm", false, java.util.Optional.of(
                        new ReadinessResult.LastResponse(503, "application/json", "{\"warm\":0.4}")))));

        JsonNode results = api.json("GET", "/v2/deployments", null).get(0).get("currentActions").get(0).get("readinessCheckResults");

        // Marathon's TaskReadinessCheckResult (types/readinessCheck.raml, examples/deployments.json)
        assertThat(results).isEqualTo(ApiResponse.JSON.readTree("""
                [{"name": "warm", "taskId": "web.2", "ready": false,
                  "lastResponse": {"status": 503, "contentType": "application/json", "body": "{\\"warm\\":0.4}"}}]"""));
        assertThat(api.json("GET", "/v2/apps/web", null).get("app").get("readinessCheckResults")).isEqualTo(results);
        assertThat(api.json("GET", "/v2/apps?embed=apps.readiness", null).get("apps").get(0).get("readinessCheckResults"))
                .isEqualTo(results);
    }

    @Test
    void aRestartStoresTheTasksToReplaceBeforeAnsweringAndTheyOutliveTheProcess() throws Exception {
        api.send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 2}");
        api.running("web.1", "agent-a");
        api.running("web.2", "agent-b");

        JsonNode answer = api.json("POST", "/v2/apps/web/restart?force=true", null);

        Deployment stored = new DeploymentRepository(new DurableStore(workDir.resolve("state"))).of(AppId.parse("/web")).orElseThrow();
        assertThat(stored.id()).isEqualTo(answer.get("deploymentId").asText());
        AppChange restart = stored.changeOf(AppId.parse("/web")).orElseThrow();
        assertThat(restart.action()).isEqualTo(DeploymentAction.RestartApplication);
        assertThat(restart.oldTaskIds()).containsExactlyInAnyOrder("web.1", "web.2");
        assertThat(api.json("GET", "/v2/deployments", null)).as("the restart supersedes the start").hasSize(1);
    }

    @Test
    void aChangeOfAnAppThatADeploymentHoldsIsRefusedWith409UnlessForced() throws Exception {
        String running = api.send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\"}").headers()
                .firstValue("Marathon-Deployment-Id").orElseThrow();
        var events = new java.util.concurrent.LinkedBlockingQueue<JsonNode>();
        api.events.subscribe(events::add);

        for (String[] change : new String[][] {{"PUT", "/v2/apps/web", "{\"instances\": 2}"},
                {"PATCH", "/v2/apps/web", "{\"instances\": 2}"}, {"POST", "/v2/apps/web/restart", null},
                {"DELETE", "/v2/apps/web", null}}) {
            HttpResponse<String> refused = api.send(change[0], change[1], change[2]);
            assertThat(refused.statusCode()).as(change[0] + " " + change[1]).isEqualTo(409);
            JsonNode body = ApiFixture.JSON.readTree(refused.body());
            assertThat(body.get("message").asText()).isEqualTo("App is locked by one or more deployments. "
                    + "Override with the option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.");
            assertThat(body.get("deployments").get(0).get("id").asText()).isEqualTo(running);
        }
        assertThat(api.apps.get(AppId.parse("/web")).orElseThrow().instances()).as("nothing changed").isEqualTo(1);
        assertThat(api.json("GET", "/v2/deployments", null).get(0).get("id").asText()).isEqualTo(running);
        assertThat(events.poll()).as("no event for a refused change").isNull();

        HttpResponse<String> forced = api.send("PUT", "/v2/apps/web?force=true", "{\"instances\": 2}");

        assertThat(forced.statusCode()).isEqualTo(200);
        String superseding = ApiFixture.JSON.readTree(forced.body()).get("deploymentId").asText();
        assertThat(api.json("GET", "/v2/deployments", null)).singleElement()
                .satisfies(d -> assertThat(d.get("id").asText()).isEqualTo(superseding));
        JsonNode stepFailure = events.poll();
        assertThat(stepFailure.get("eventType").asText()).isEqualTo("deployment_step_failure");
        assertThat(stepFailure.get("plan").get("id").asText()).isEqualTo(running);
        JsonNode failed = events.poll();
        assertThat(failed.get("eventType").asText()).isEqualTo("deployment_failed");
        assertThat(failed.get("id").asText()).isEqualTo(running);
        assertThat(failed.get("reason").asText()).isEqualTo("The upgrade has been cancelled");
        assertThat(events.poll().get("eventType").asText()).isEqualTo("api_post_event");
        assertThat(events.poll().get("plan").get("id").asText()).isEqualTo(superseding);
    }

    @Test
    void aChangeOfInstancesIsAScaleAndAChangeOfCommandARestart() throws Exception {
        api.send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\"}");
        api.finishDeployments();

        api.send("PATCH", "/v2/apps/web", "{\"instances\": 3}");
        assertThat(action()).isEqualTo("ScaleApplication");
        api.finishDeployments();
        api.send("PATCH", "/v2/apps/web", "{\"cmd\": \"serve --fast\"}");
        assertThat(action()).isEqualTo("RestartApplication");
        api.finishDeployments();
        api.send("DELETE", "/v2/apps/web", null);
        assertThat(action()).isEqualTo("StopApplication");
    }

    @Test
    void aForcedDeleteStopsTheDeploymentWhereItIs() throws Exception {
        String id = api.send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\"}").headers()
                .firstValue("Marathon-Deployment-Id").orElseThrow();
        int changesBefore = api.scheduler.changes.get();

        HttpResponse<String> stopped = api.send("DELETE", "/v2/deployments/" + id + "?force=true", null);

        assertThat(stopped.statusCode()).isEqualTo(202);
        assertThat(api.json("GET", "/v2/deployments", null)).isEmpty();
        assertThat(api.json("GET", "/v2/apps/web", null).get("app").get("deployments")).isEmpty();
        assertThat(api.scheduler.changes.get()).isGreaterThan(changesBefore);
        assertThat(new DeploymentRepository(new DurableStore(workDir.resolve("state"))).all()).isEmpty();
        HttpResponse<String> unknown = api.send("DELETE", "/v2/deployments/" + id + "?force=true", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(ApiFixture.JSON.readTree(unknown.body()).get("message").asText()).isEqualTo("DeploymentPlan " + id + " does not exist");
    }

    @Test
    void aRollbackRestoresThePreviousDefinitionAndItsInstanceCount() throws Exception {
        api.send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 2}");
        api.finishDeployments();
        String change = api.json("PATCH", "/v2/apps/web", "{\"cmd\": \"serve --broken\", \"instances\": 0}").get("deploymentId").asText();

        HttpResponse<String> rolledBack = api.send("DELETE", "/v2/deployments/" + change, null);

        assertThat(rolledBack.statusCode()).isEqualTo(200);
        String rollback = ApiFixture.JSON.readTree(rolledBack.body()).get("deploymentId").asText();
        assertThat(rollback).isNotEqualTo(change);
        JsonNode app = api.json("GET", "/v2/apps/web", null).get("app");
        assertThat(app.get("cmd").asText()).isEqualTo("serve");
        assertThat(app.get("instances").asInt()).as("the count before the change, not 0").isEqualTo(2);
        JsonNode list = api.json("GET", "/v2/deployments", null);
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asText()).isEqualTo(rollback);
        assertThat(action()).isEqualTo("RestartApplication");
    }

    @Test
    void aRollbackOfACreationRemovesTheApp() throws Exception {
        String created = api.send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\"}").headers()
                .firstValue("Marathon-Deployment-Id").orElseThrow();

        assertThat(api.send("DELETE", "/v2/deployments/" + created, null).statusCode()).isEqualTo(200);

        assertThat(api.send("GET", "/v2/apps/web", null).statusCode()).isEqualTo(404);
        assertThat(action()).isEqualTo("StopApplication");
    }

    private String action() throws Exception {
        return api.json("GET", "/v2/deployments", null).get(0).get("steps").get(0).get("actions").get(0).get("action").asText();
    }
}
