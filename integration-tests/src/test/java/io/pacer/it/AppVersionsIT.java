package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stuck upgrade on the real pacer.jar and its embedded cluster: /v2/deployments says what it waits for (the new
 * tasks' failing health check), the app is locked (409) while it runs, and a forced PUT {"version": V} rolls it back
 * to the stored first version, whose tasks were never killed (docs/deployments.md).
 */
class AppVersionsIT {
    private static final String APP = "/versions/web";
    private static final Duration WITHIN = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aStuckUpgradeSaysWhyAndIsRolledBackToAStoredVersionKeepingItsTasks() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"))) {
            assertThat(pacer.send("POST", "/v2/apps", app("v1", "/").toString()).statusCode()).isEqualTo(201);
            Set<String> first = PacerProcess.taskIds(pacer.awaitTasks(APP, PacerProcess.healthy(2), WITHIN));
            pacer.awaitDeployed(APP);
            String v1 = pacer.get("/v2/apps" + APP).get("app").get("version").asText();

            HttpResponse<String> upgrade = pacer.send("PUT", "/v2/apps" + APP, app("v2", "/never-there").toString());
            assertThat(upgrade.statusCode()).isEqualTo(200);
            String stuck = PacerProcess.JSON.readTree(upgrade.body()).get("deploymentId").asText();
            JsonNode waiting = Poll.until(WITHIN, () -> "the upgrade to say it waits for a failing health check: " + pacer.get("/v2/deployments"),
                    () -> currentAction(pacer).filter(a -> a.path("waitingFor").asText().matches(".* to become healthy: HTTP health check of .*/never-there failed .*: HTTP 404")));
            assertThat(waiting.get("progress").get("instances").asInt()).isEqualTo(2);

            HttpResponse<String> locked = pacer.send("PUT", "/v2/apps" + APP, "{\"version\": \"" + v1 + "\"}");
            assertThat(locked.statusCode()).isEqualTo(409);
            assertThat(PacerProcess.JSON.readTree(locked.body()).get("deployments").get(0).get("id").asText()).isEqualTo(stuck);

            HttpResponse<String> rolledBack = pacer.send("PUT", "/v2/apps" + APP + "?force=true", "{\"version\": \"" + v1 + "\"}");
            assertThat(rolledBack.statusCode()).isEqualTo(200);
            pacer.awaitDeployed(APP);
            JsonNode app = pacer.get("/v2/apps" + APP).get("app");
            assertThat(app.get("env").get("MARK").asText()).isEqualTo("v1");
            assertThat(app.get("healthChecks").get(0).get("path").asText()).isEqualTo("/");
            assertThat(app.get("version").asText()).isNotEqualTo(v1);
            assertThat(PacerProcess.taskIds(pacer.awaitTasks(APP, PacerProcess.healthy(2), WITHIN)))
                    .as("the first version's tasks run its configuration again: never killed, nothing restarted").isEqualTo(first);
            JsonNode versions = pacer.get("/v2/apps" + APP + "/versions").get("versions");
            assertThat(versions).hasSize(3);
            assertThat(versions.get(0).asText()).isEqualTo(app.get("version").asText());
            assertThat(versions.get(2).asText()).isEqualTo(v1);
            assertThat(pacer.get("/v2/apps" + APP + "/versions/" + versions.get(1).asText()).get("env").get("MARK").asText()).isEqualTo("v2");
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    private static Optional<JsonNode> currentAction(PacerProcess pacer) throws Exception {
        JsonNode deployments = pacer.get("/v2/deployments");
        return deployments.isEmpty() ? Optional.empty() : Optional.of(deployments.get(0).get("currentActions").get(0));
    }

    /** Two instances, checked on {@code healthPath}; {@code mark} tells versions apart. */
    private static ObjectNode app(String mark, String healthPath) {
        return HttpServerApp.of(APP, 2, mark, healthPath, 1, 3);
    }
}
