package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v2/tasks/delete} on the real pacer.jar, as Marathon's Python and Go clients call it
 * ({@code kill_given_tasks}, {@code KillTasks}): tasks of several apps by id, without scale (replaced) and with
 * scale (each app shrinks).
 */
class TasksDeleteIT {
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void killsListedTasksOfSeveralAppsAndScalesThemDown() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"))) {
            for (String id : new String[] {"/kill/a", "/kill/b"}) {
                assertThat(pacer.send("POST", "/v2/apps", "{\"id\": \"" + id + "\", \"cmd\": \"exec sleep 1201\", \"cpus\": 0.1,"
                        + " \"mem\": 16, \"instances\": 2}").statusCode()).isEqualTo(201);
            }
            String a = pacer.awaitTasks("/kill/a", PacerProcess.running(2), WITHIN).get(0).get("id").asText();
            String b = pacer.awaitTasks("/kill/b", PacerProcess.running(2), WITHIN).get(0).get("id").asText();

            HttpResponse<String> killed = pacer.send("POST", "/v2/tasks/delete", "{\"ids\": [\"" + a + "\", \"" + b + "\", \"kill_c.gone\"]}");
            assertThat(killed.statusCode()).isEqualTo(200);
            assertThat(PacerProcess.JSON.readTree(killed.body()).get("tasks").findValuesAsText("id")).containsExactlyInAnyOrder(a, b);
            pacer.awaitTasks("/kill/a", t -> PacerProcess.running(2).test(t) && !t.findValuesAsText("id").contains(a), WITHIN);
            JsonNode bTasks = pacer.awaitTasks("/kill/b", t -> PacerProcess.running(2).test(t) && !t.findValuesAsText("id").contains(b), WITHIN);

            String b2 = bTasks.get(0).get("id").asText();
            HttpResponse<String> scaled = pacer.send("POST", "/v2/tasks/delete?scale=true", "{\"ids\": [\"" + b2 + "\"]}");
            assertThat(scaled.statusCode()).isEqualTo(200);
            assertThat(PacerProcess.JSON.readTree(scaled.body()).has("deploymentId")).isTrue();
            pacer.awaitTasks("/kill/b", t -> PacerProcess.running(1).test(t) && !t.findValuesAsText("id").contains(b2), WITHIN);
            assertThat(pacer.get("/v2/apps/kill/b").get("app").get("instances").asInt()).isEqualTo(1);
            assertThat(pacer.get("/v2/apps/kill/a").get("app").get("instances").asInt()).as("an app none of whose tasks is listed")
                    .isEqualTo(2);
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }
}
