package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployments as a user drives and watches them, on the real pacer.jar and its embedded cluster
 * (docs/deployments.md): a restart stopped where it is ({@code DELETE /v2/deployments/{id}?force=true}), a scale
 * that is a deployment of its own and leaves the running tasks alone, and the {@code deployment_info} /
 * {@code deployment_success} events of an app's creation and removal.
 */
class DeploymentControlIT {
    private static final String APP = "/control/web";
    private static final Duration LAUNCH = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void aForceStoppedRestartIsGoneAndLeavesTheOldTasksWhereTheyWere() throws Exception {
        Path slowStart = dir.resolve("slow-start");
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), LocalPorts.agentFlags()); EventStreamClient events = EventStreamClient.open(pacer)) {
            post(pacer, app(2, slowStart));
            Set<String> old = PacerProcess.taskIds(pacer.awaitTasks(APP, PacerProcess.healthy(2), LAUNCH));
            pacer.awaitNoDeployment(Duration.ofSeconds(30), "DeploymentControlIT");
            Files.writeString(slowStart, "600"); // the restart's tasks never serve: it cannot finish on its own
            String restart = deploymentId(pacer.send("POST", "/v2/apps" + APP + "/restart", null));
            pacer.awaitTasks(APP, PacerProcess.running(4), LAUNCH); // the 2 replacements run, unhealthy
            assertThat(pacer.get("/v2/deployments").findValuesAsText("id")).containsExactly(restart);

            HttpResponse<String> stop = pacer.send("DELETE", "/v2/deployments/" + restart + "?force=true", null);

            assertThat(stop.statusCode()).as(stop.body()).isEqualTo(202);
            assertThat(pacer.get("/v2/deployments")).as("no deployment left").isEmpty();
            assertThat(pacer.send("DELETE", "/v2/deployments/" + restart + "?force=true", null).statusCode()).isEqualTo(404);
            // without the deployment the replacements are mere extras of the same configuration, scaled down
            // (youngest first); the old tasks it named stay where the stop left them
            JsonNode left = pacer.awaitTasks(APP, tasks -> PacerProcess.taskIds(tasks).equals(old), LAUNCH);
            assertThat(PacerProcess.healthy(2).test(left)).as("the old tasks still serve: " + left).isTrue();
            assertThat(left.findValuesAsText("killRequested")).containsOnly("false");
            assertThat(killsAnnounced(events)).as("kills announced").hasSize(2).doesNotContainAnyElementsOf(old);
            assertThat(pacer.get("/v2/apps" + APP).get("app").get("deployments")).isEmpty();
        }
    }

    @Test
    void aScaleIsADeploymentOfItsOwnThatLeavesTheRunningTasksAlone() throws Exception {
        Path slowStart = dir.resolve("slow-start");
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), LocalPorts.agentFlags()); EventStreamClient events = EventStreamClient.open(pacer)) {
            post(pacer, app(2, slowStart));
            JsonNode before = pacer.awaitTasks(APP, PacerProcess.healthy(2), LAUNCH);
            pacer.awaitNoDeployment(Duration.ofSeconds(30), "DeploymentControlIT");
            Files.writeString(slowStart, "5"); // the new instances serve 5 s after they start: the deployment stays visible

            HttpResponse<String> put = pacer.send("PUT", "/v2/apps" + APP, "{\"instances\": 4}");

            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            String scale = deploymentId(put);
            JsonNode listed = pacer.get("/v2/deployments");
            assertThat(listed.findValuesAsText("id")).containsExactly(scale);
            assertThat(listed.get(0).get("affectedApps").get(0).asText()).isEqualTo(APP);
            assertThat(actions(listed.get(0).get("currentActions"))).containsExactly("ScaleApplication " + APP);
            assertThat(actions(listed.get(0).get("steps").get(0).get("actions"))).containsExactly("ScaleApplication " + APP);

            JsonNode after = pacer.awaitTasks(APP, PacerProcess.healthy(4), LAUNCH);
            pacer.awaitNoDeployment(Duration.ofSeconds(30), "DeploymentControlIT");
            for (JsonNode old : before) {
                JsonNode now = byId(after, old.get("id").asText());
                assertThat(now).as("task " + old.get("id") + " still there").isNotNull();
                assertThat(now.get("startedAt")).as("the same run of task " + old.get("id")).isEqualTo(old.get("startedAt"));
            }
            assertThat(killsAnnounced(events)).as("kills announced").isEmpty();
            events.await(e -> type(e).equals("deployment_success") && e.get("id").asText().equals(scale), Duration.ofSeconds(5));
        }
    }

    @Test
    void anAppsCreationAndRemovalAreEachAnnouncedAsADeploymentThenItsSuccess() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), LocalPorts.agentFlags()); EventStreamClient events = EventStreamClient.open(pacer)) {
            HttpResponse<String> created = pacer.send("POST", "/v2/apps", app(1, dir.resolve("slow-start")).toString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String start = created.headers().firstValue("Marathon-Deployment-Id").orElseThrow();
            String version = PacerProcess.JSON.readTree(created.body()).get("version").asText();

            JsonNode success = events.await(deploymentSuccess(start), LAUNCH);
            List<JsonNode> seen = events.all();
            JsonNode info = seen.stream().filter(deploymentInfo(start)).findFirst().orElseThrow(
                    () -> new AssertionError("no deployment_info for " + start + " before its deployment_success: " + seen));
            assertThat(info.get("plan").get("version").asText()).isEqualTo(version);
            assertThat(actions(info.get("plan").get("steps").get(0).get("actions"))).containsExactly("StartApplication " + APP);
            assertThat(actions(info.get("currentStep").get("actions"))).containsExactly("StartApplication " + APP);
            assertThat(success.get("plan").get("id").asText()).isEqualTo(start);
            assertThat(actions(success.get("plan").get("steps").get(0).get("actions"))).containsExactly("StartApplication " + APP);
            // in order: the change, its deployment, the task becoming healthy, and only then the success
            assertThat(List.of(seen.indexOf(first(seen, e -> type(e).equals("api_post_event"))), seen.indexOf(info),
                    seen.indexOf(first(seen, e -> type(e).equals("health_status_changed_event") && e.get("alive").asBoolean())),
                    seen.indexOf(success))).as("api_post_event, deployment_info, healthy, deployment_success").isSorted();

            HttpResponse<String> deleted = pacer.send("DELETE", "/v2/apps" + APP, null);
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
            String stop = deploymentId(deleted);
            JsonNode stopped = events.await(deploymentSuccess(stop), LAUNCH);
            List<JsonNode> all = events.all();
            JsonNode stopInfo = first(all, deploymentInfo(stop));
            assertThat(actions(stopInfo.get("currentStep").get("actions"))).containsExactly("StopApplication " + APP);
            assertThat(List.of(all.indexOf(stopInfo), all.indexOf(first(all, EventStreamClient.appStatus(APP, "TASK_KILLED"))),
                    all.indexOf(stopped))).as("deployment_info, the task's end, deployment_success").isSorted();
            // (deployment_step_success, which comes between, is another test's)
            assertThat(all.stream().filter(e -> type(e).equals("deployment_info") || type(e).equals("deployment_success"))
                    .map(e -> type(e) + " " + planId(e)))
                    .as("one info and one success per deployment, in order")
                    .containsExactly("deployment_info " + start, "deployment_success " + start, "deployment_info " + stop,
                            "deployment_success " + stop);
        }
    }

    /**
     * Python's HTTP server on its port, checked on "/"; when {@code slowStart} exists, a task starting waits the
     * seconds it holds first (a test writes it to hold back the tasks started after some point).
     */
    private static ObjectNode app(int instances, Path slowStart) {
        ObjectNode app = PacerProcess.JSON.createObjectNode().put("id", APP).put("cpus", 0.1).put("mem", 64).put("instances", instances)
                .put("cmd", "if [ -e " + slowStart + " ]; then sleep \"$(cat " + slowStart + ")\"; fi; exec python3 -m http.server $PORT0");
        app.putArray("portDefinitions").addObject().put("port", 0).put("name", "http");
        // a long grace: a task held back never counts as failing, so the executor never kills it
        app.putArray("healthChecks").addObject().put("protocol", "HTTP").put("path", "/").put("portIndex", 0)
                .put("intervalSeconds", 1).put("timeoutSeconds", 1).put("maxConsecutiveFailures", 3).put("gracePeriodSeconds", 300);
        return app;
    }

    private static void post(PacerProcess pacer, ObjectNode app) throws Exception {
        HttpResponse<String> response = pacer.send("POST", "/v2/apps", app.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** The deploymentId of a 200 answer, which the Marathon-Deployment-Id header repeats. */
    private static String deploymentId(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String id = PacerProcess.JSON.readTree(response.body()).get("deploymentId").asText();
        assertThat(response.headers().firstValue("Marathon-Deployment-Id")).contains(id);
        return id;
    }

    /** The ids of the tasks whose kill was announced (instance_changed_event, condition Killing). */
    private static List<String> killsAnnounced(EventStreamClient events) {
        return events.all().stream().filter(e -> type(e).equals("instance_changed_event") && e.get("condition").asText().equals("Killing"))
                .map(e -> e.get("instanceId").asText()).toList();
    }

    /** Each action as "Action /app". */
    private static List<String> actions(JsonNode actions) {
        return java.util.stream.StreamSupport.stream(actions.spliterator(), false)
                .map(a -> a.get("action").asText() + " " + a.get("app").asText()).toList();
    }

    private static JsonNode byId(JsonNode tasks, String id) {
        for (JsonNode t : tasks) {
            if (t.get("id").asText().equals(id)) {
                return t;
            }
        }
        return null;
    }

    private static Predicate<JsonNode> deploymentInfo(String id) {
        return e -> type(e).equals("deployment_info") && e.get("plan").get("id").asText().equals(id);
    }

    private static Predicate<JsonNode> deploymentSuccess(String id) {
        return e -> type(e).equals("deployment_success") && e.get("id").asText().equals(id);
    }

    private static JsonNode first(List<JsonNode> events, Predicate<JsonNode> matches) {
        return events.stream().filter(matches).findFirst().orElseThrow(() -> new AssertionError("no such event in " + events));
    }

    private static String planId(JsonNode event) {
        return event.get("plan").get("id").asText();
    }

    private static String type(JsonNode event) {
        return event.get("eventType").asText();
    }
}
