package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maxConsecutiveFailures: 0} on the real pacer.jar, with Marathon's two meanings (docs/health-checks.md): an
 * HTTP check (Marathon's own) never kills its task, however often it fails; a MESOS_HTTP check kills at the first
 * failure, as Mesos's checker does. Both check a port nothing listens on.
 */
class ZeroConsecutiveFailuresIT {
    @TempDir
    Path dir;

    @Test
    void anHttpCheckOfZeroNeverKillsWhileAMesosCheckOfZeroKillsAtOnce() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            assertThat(pacer.send("POST", "/v2/apps", app("/zero/http", "HTTP")).statusCode()).isEqualTo(201);
            assertThat(pacer.send("POST", "/v2/apps", app("/zero/mesos", "MESOS_HTTP")).statusCode()).isEqualTo(201);

            JsonNode failing = Poll.until(Duration.ofSeconds(60), () -> "/zero/http's task failing 5 checks in a row: "
                    + pacer.tasks("/zero/http"), () -> Optional.of(pacer.tasks("/zero/http"))
                    .filter(t -> t.size() == 1 && t.get(0).get("healthCheckResults").size() == 1
                            && t.get(0).get("healthCheckResults").get(0).get("consecutiveFailures").asInt() >= 5));
            JsonNode task = failing.get(0);
            assertThat(task.get("state").asText()).isEqualTo("TASK_RUNNING");
            assertThat(task.get("healthCheckResults").get(0).get("alive").asBoolean()).isFalse();

            JsonNode killed = events.await(EventStreamClient.appStatus("/zero/mesos", "TASK_KILLED"), Duration.ofSeconds(60));
            assertThat(killed.get("message").asText()).contains("failed 1 consecutive times (limit 1)");

            assertThat(pacer.tasks("/zero/http").get(0).get("id").asText()).as("still the first task").isEqualTo(task.get("id").asText());
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    /** An app with one check of {@code protocol} on its own port, where nothing answers. */
    private static String app(String id, String protocol) {
        return "{\"id\": \"" + id + "\", \"cmd\": \"exec sleep 1201\", \"cpus\": 0.1, \"mem\": 16, \"portDefinitions\": [{\"port\": 0}],"
                + " \"healthChecks\": [{\"protocol\": \"" + protocol + "\", \"portIndex\": 0, \"path\": \"/health\","
                + " \"delaySeconds\": 0, \"intervalSeconds\": 1, \"timeoutSeconds\": 1, \"gracePeriodSeconds\": 0,"
                + " \"maxConsecutiveFailures\": 0}]}";
    }
}
