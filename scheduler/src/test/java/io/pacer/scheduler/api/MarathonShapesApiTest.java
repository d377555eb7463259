package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.launch.LaunchDelays;
import io.pacer.scheduler.task.TaskRecord;
import org.apache.mesos.v1.Protos.TaskState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Marathon's clients read: ids in URLs as Marathon's PathId reads them, reserved ids refused, the cmd filter,
 * queue entries with since and an offer summary, the leader, and timestamps with three fraction digits.
 */
class MarathonShapesApiTest {
    private static final String TIMESTAMP = "2026-11-25T10:00:00.070Z";

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
    void anIdInTheUrlMayHaveEmptySegmentsATrailingSlashAndDots() throws Exception {
        api.send("POST", "/v2/apps", "{\"id\": \"/client-check/sleeper\", \"cmd\": \"sleep 100\"}");
        api.running("client-check_sleeper.1", "agent-a");
        api.finishDeployments();

        for (String path : java.util.List.of("/v2/apps//client-check/sleeper", "/v2/apps/client-check/sleeper/",
                "/v2/apps/client-check/x/../sleeper", "/v2/apps/client-check/./sleeper")) {
            HttpResponse<String> shown = api.send("GET", path, null);
            assertThat(shown.statusCode()).as(path).isEqualTo(200);
            assertThat(ApiFixture.JSON.readTree(shown.body()).get("app").get("id").asText()).isEqualTo("/client-check/sleeper");
        }
        assertThat(api.json("GET", "/v2/apps//client-check/sleeper/tasks", null).get("tasks")).hasSize(1);
        assertThat(api.send("PUT", "/v2/apps//client-check/sleeper", "{\"instances\": 2}").statusCode()).isEqualTo(200);
        assertThat(api.apps.get(AppId.parse("/client-check/sleeper")).orElseThrow().instances()).isEqualTo(2);
        api.finishDeployments();
        assertThat(api.send("DELETE", "/v2/apps//client-check/sleeper", null).statusCode()).isEqualTo(200);
        assertThat(api.apps.all()).isEmpty();
    }

    @Test
    void anIdEndingInAReservedWordIsRefusedWithMarathonsMessage() throws Exception {
        HttpResponse<String> created = api.send("POST", "/v2/apps", "{\"id\": \"/x/tasks\", \"cmd\": \"sleep 1\"}");
        HttpResponse<String> put = api.send("PUT", "/v2/apps/x/versions", "{\"cmd\": \"sleep 1\"}");
        HttpResponse<String> dotted = api.send("POST", "/v2/apps", "{\"id\": \"/x/restart/./\", \"cmd\": \"sleep 1\"}");

        for (HttpResponse<String> refused : java.util.List.of(created, put, dotted)) {
            assertThat(refused.statusCode()).isEqualTo(422);
            JsonNode body = ApiFixture.JSON.readTree(refused.body());
            assertThat(body.get("message").asText()).isEqualTo("Object is not valid");
            assertThat(body.get("details").get(0).get("path").asText()).isEqualTo("/id");
            assertThat(body.get("details").get(0).get("errors").get(0).asText())
                    .isEqualTo("must not end with any of the following reserved keywords: restart, tasks, versions, ., ..");
        }
        assertThat(api.apps.all()).isEmpty();
    }

    @Test
    void theCmdFilterKeepsAppsWhoseCommandContainsTheTextInAnyCase() throws Exception {
        api.send("POST", "/v2/apps", "{\"id\": \"/a\", \"cmd\": \"python3 -m http.server\"}");
        api.send("POST", "/v2/apps", "{\"id\": \"/b\", \"cmd\": \"sleep 100\"}");
        api.send("POST", "/v2/apps", "{\"id\": \"/c\", \"container\": {\"type\": \"DOCKER\", \"docker\": {\"image\": \"busybox\"}}}");

        assertThat(api.json("GET", "/v2/apps?cmd=HTTP.server", null).get("apps")).hasSize(1);
        assertThat(api.json("GET", "/v2/apps?cmd=HTTP.server", null).get("apps").get(0).get("id").asText()).isEqualTo("/a");
        assertThat(api.json("GET", "/v2/apps?cmd=e&id=B", null).get("apps")).hasSize(1);
        assertThat(api.json("GET", "/v2/apps?cmd=e&id=B", null).get("apps").get(0).get("id").asText()).isEqualTo("/b");
        assertThat(api.json("GET", "/v2/apps?cmd=nothing", null).get("apps")).isEmpty();
    }

    @Test
    void aQueueEntryHasSinceAndAnOfferSummary() throws Exception {
        api.send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 2}");
        api.scheduler.delay = Optional.of(new LaunchDelays.Delay("cfg", 1, ApiFixture.CLOCK.instant().plusSeconds(5)));

        JsonNode entry = api.json("GET", "/v2/queue", null).get("queue").get(0);

        assertThat(entry.get("since").asText()).isEqualTo(TIMESTAMP);
        assertThat(entry.get("count").asInt()).isEqualTo(2);
        assertThat(entry.get("delay").get("timeLeftSeconds").asLong()).isEqualTo(5);
        assertThat(entry.get("delay").get("overdue").asBoolean()).isFalse();
        JsonNode offers = entry.get("processedOffersSummary");
        assertThat(offers.get("processedOffersCount").isInt()).isTrue();
        assertThat(offers.get("unusedOffersCount").isInt()).isTrue();
        assertThat(entry.get("app").get("version").asText()).isEqualTo(TIMESTAMP);
    }

    @Test
    void theLeaderIsThisPacerAndItWillNotAbdicate() throws Exception {
        HttpResponse<String> leader = api.send("GET", "/v2/leader", null);
        HttpResponse<String> abdicate = api.send("DELETE", "/v2/leader", null);

        assertThat(leader.statusCode()).isEqualTo(200);
        assertThat(ApiFixture.JSON.readTree(leader.body()).get("leader").asText()).isEqualTo("pacer.example:8080");
        assertThat(abdicate.statusCode()).isEqualTo(404);
        assertThat(ApiFixture.JSON.readTree(abdicate.body()).get("message").asText()).isEqualTo("There is no leader");
    }

    @Test
    void everyTimestampHasExactlyThreeFractionDigits() throws Exception {
        HttpResponse<String> created = api.send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\"}");
        api.running("web.1", "agent-a");

        assertThat(ApiFixture.JSON.readTree(created.body()).get("version").asText()).isEqualTo(TIMESTAMP);
        JsonNode task = api.json("GET", "/v2/apps/web/tasks", null).get("tasks").get(0);
        for (String field : java.util.List.of("stagedAt", "startedAt", "version")) {
            assertThat(task.get(field).asText()).as(field).isEqualTo(TIMESTAMP);
        }
        api.finishDeployments();
        assertThat(api.json("PATCH", "/v2/apps/web", "{\"instances\": 2}").get("version").asText()).isEqualTo(TIMESTAMP);
    }

    @Test
    void optionalTaskFieldsAreLeftOutUntilKnownAndAHealthResultNamesItsInstance() throws Exception {
        api.send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 2}");
        api.tasks.put(TaskRecord.intent("web.staged", AppId.parse("/web"), ApiFixture.CLOCK.instant(), "cfg", "agent-a", "agent-a",
                java.util.List.of(31000), ApiFixture.CLOCK.instant()));
        api.tasks.put(api.running("web.checked", "agent-a").withStatus(TaskState.TASK_RUNNING, Optional.of(false), "HTTP 503",
                Optional.empty(), ApiFixture.CLOCK.instant()));

        JsonNode tasks = api.json("GET", "/v2/apps/web/tasks", null).get("tasks");
        JsonNode staged = tasks.findParents("id").stream().filter(t -> t.get("id").asText().equals("web.staged")).findFirst().orElseThrow();
        JsonNode checked = tasks.findParents("id").stream().filter(t -> t.get("id").asText().equals("web.checked")).findFirst().orElseThrow();

        assertThat(staged.has("startedAt")).as("types/task.raml: startedAt? is left out, not null").isFalse();
        JsonNode health = checked.get("healthCheckResults").get(0);
        assertThat(health.get("instanceId").asText()).isEqualTo("web.checked");
        assertThat(health.get("lastFailure").asText()).isEqualTo(TIMESTAMP);
        assertThat(health.has("firstSuccess")).isFalse();
    }
}
