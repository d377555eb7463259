package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Killing an app's tasks over HTTP as Marathon's AppTasksResource and TasksResource do: by agent host, all, by id,
 * across apps, with scale and wipe. The scheduler records what it is asked to kill.
 */
class AppTasksKillApiTest {
    @TempDir
    Path workDir;
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(workDir);
        api.send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 3}");
        api.send("POST", "/v2/apps", "{\"id\": \"/db\", \"cmd\": \"serve\"}");
        api.running("web.1", "agent-a");
        api.running("web.2", "agent-b");
        api.running("web.3", "agent-a");
        api.running("db.1", "agent-a");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aHostKillsOnlyTheAppsTasksOnThatAgent() throws Exception {
        HttpResponse<String> killed = api.send("DELETE", "/v2/apps/web/tasks?host=agent-a", null);

        assertThat(killed.statusCode()).isEqualTo(200);
        assertThat(ApiFixture.JSON.readTree(killed.body()).get("tasks").findValuesAsText("id")).containsExactly("web.1", "web.3");
        assertThat(api.scheduler.actions).containsExactly("kill /web [web.1, web.3] scale=false");
    }

    @Test
    void aHostWithNoneOfTheAppsTasksKillsNothing() throws Exception {
        HttpResponse<String> killed = api.send("DELETE", "/v2/apps/web/tasks?host=agent-c", null);

        assertThat(killed.statusCode()).isEqualTo(200);
        assertThat(ApiFixture.JSON.readTree(killed.body()).get("tasks")).isEmpty();
        assertThat(api.scheduler.actions).isEmpty();
    }

    @Test
    void aStarOrNoHostKillsEveryTaskOfTheApp() throws Exception {
        api.send("DELETE", "/v2/apps/web/tasks?host=*", null);
        api.send("DELETE", "/v2/apps/web/tasks", null);

        assertThat(api.scheduler.actions).containsExactly("kill /web [web.1, web.2, web.3] scale=false",
                "kill /web [web.1, web.2, web.3] scale=false");
    }

    @Test
    void aHostWithScaleShrinksTheAppByItsTasksThereAndAnswersADeployment() throws Exception {
        HttpResponse<String> killed = api.send("DELETE", "/v2/apps/web/tasks?host=agent-b&scale=true", null);

        JsonNode body = ApiFixture.JSON.readTree(killed.body());
        assertThat(killed.statusCode()).isEqualTo(200);
        assertThat(body.get("deploymentId").asText()).isEqualTo(killed.headers().firstValue("Marathon-Deployment-Id").orElseThrow());
        assertThat(body.get("version").asText()).isEqualTo("2026-11-25T10:00:00.070Z");
        assertThat(api.scheduler.actions).containsExactly("kill /web [web.2] scale=true");
    }

    @Test
    void wipeKillsAsAPlainKillAndScaleWithWipeIsRefused() throws Exception {
        HttpResponse<String> wiped = api.send("DELETE", "/v2/apps/web/tasks/web.2?wipe=true", null);
        HttpResponse<String> both = api.send("DELETE", "/v2/apps/web/tasks?scale=true&wipe=true", null);
        HttpResponse<String> bothOne = api.send("DELETE", "/v2/apps/web/tasks/web.1?scale=true&wipe=true", null);

        assertThat(wiped.statusCode()).isEqualTo(200);
        assertThat(ApiFixture.JSON.readTree(wiped.body()).get("task").get("id").asText()).isEqualTo("web.2");
        for (HttpResponse<String> refused : java.util.List.of(both, bothOne)) {
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(ApiFixture.JSON.readTree(refused.body()).get("message").asText())
                    .isEqualTo("You cannot use scale and wipe at the same time.");
        }
        assertThat(api.scheduler.actions).containsExactly("kill /web [web.2] scale=false");
    }

    @Test
    void tasksDeleteKillsTheListedTasksAcrossAppsAndSkipsUnknownOnes() throws Exception {
        HttpResponse<String> killed = api.send("POST", "/v2/tasks/delete", "{\"ids\": [\"web.2\", \"db.1\", \"gone.7\"]}");

        assertThat(killed.statusCode()).isEqualTo(200);
        assertThat(ApiFixture.JSON.readTree(killed.body()).get("tasks").findValuesAsText("id")).containsExactlyInAnyOrder("web.2", "db.1");
        assertThat(api.scheduler.actions).containsExactlyInAnyOrder("kill /web [web.2] scale=false", "kill /db [db.1] scale=false");
    }

    @Test
    void tasksDeleteWithScaleShrinksEachAppAndAnswersOneDeployment() throws Exception {
        HttpResponse<String> killed = api.send("POST", "/v2/tasks/delete?scale=true", "{\"ids\": [\"web.1\", \"web.3\", \"db.1\"]}");

        assertThat(ApiFixture.JSON.readTree(killed.body()).has("deploymentId")).isTrue();
        assertThat(api.scheduler.actions).containsExactlyInAnyOrder("kill /web [web.1, web.3] scale=true", "kill /db [db.1] scale=true");
    }

    @Test
    void tasksDeleteRefusesABodyWithoutIdsAndAnIdThatCannotBeATasks() throws Exception {
        HttpResponse<String> noIds = api.send("POST", "/v2/tasks/delete", "{\"tasks\": []}");
        HttpResponse<String> badId = api.send("POST", "/v2/tasks/delete", "{\"ids\": [\"web.1\", \"nodot\"]}");
        HttpResponse<String> both = api.send("POST", "/v2/tasks/delete?scale=true&wipe=true", "{\"ids\": []}");
        HttpResponse<String> get = api.send("GET", "/v2/tasks/delete", null);

        assertThat(noIds.statusCode()).isEqualTo(422);
        JsonNode detail = ApiFixture.JSON.readTree(noIds.body()).get("details").get(0);
        assertThat(detail.get("path").asText()).isEqualTo("/ids");
        assertThat(detail.get("errors").get(0).asText()).startsWith("is required: a list of task ids");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.JSON.readTree(badId.body()).get("message").asText()).startsWith("Invalid task id 'nodot'.");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(api.scheduler.actions).as("a refused request kills nothing, not even its valid ids").isEmpty();
    }
}
