package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Marathon's constraints on agent attributes across three embedded agents, each in its own rack
 * ({@code --local-agents 3 --local-attributes 'rack:r1|rack:r2|rack:r3'}; agent i is {@code ...-S<i>}).
 */
class ConstraintsIT {
    @TempDir
    Path dir;

    @Test
    void uniqueLikeAndUnlikePlaceInstancesByRack() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), "--local-agents", "3",
                "--local-attributes", "rack:r1|rack:r2|rack:r3")) {
            create(pacer, "/racks/unique", 4, "[[\"rack\", \"UNIQUE\"]]");
            create(pacer, "/racks/like", 2, "[[\"rack\", \"LIKE\", \"r2\"]]");
            create(pacer, "/racks/unlike", 4, "[[\"rack\", \"UNLIKE\", \"r1\"]]");

            JsonNode unique = pacer.awaitTasks("/racks/unique", tasks -> countRunning(tasks) == 3, Duration.ofSeconds(60));
            assertThat(agents(unique)).as("one instance per rack").containsExactlyInAnyOrder("S0", "S1", "S2");
            assertThat(agents(pacer.awaitTasks("/racks/like", PacerProcess.running(2), Duration.ofSeconds(60))))
                    .containsExactly("S1", "S1");
            assertThat(agents(pacer.awaitTasks("/racks/unlike", PacerProcess.running(4), Duration.ofSeconds(60))))
                    .hasSize(4).doesNotContain("S0");

            // offers come every second: the fourth UNIQUE instance would have been placed by now if it could be
            Thread.sleep(3000);
            assertThat(pacer.tasks("/racks/unique")).hasSize(3);
            JsonNode waiting = queueEntry(pacer, "/racks/unique");
            assertThat(waiting.get("count").asInt()).as("the instance no rack can take waits in the queue").isEqualTo(1);

            // its deployment cannot finish (no fourth rack): Pacer, as Marathon, takes the change only when forced
            assertThat(pacer.send("PATCH", "/v2/apps/racks/unique?force=true", "{\"instances\": 3}").statusCode()).isEqualTo(200);
            Poll.until(Duration.ofSeconds(10), () -> "/v2/queue to drop /racks/unique: " + pacer.get("/v2/queue"),
                    () -> queueEntry(pacer, "/racks/unique") == null ? Optional.of(true) : Optional.empty());
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    private static void create(PacerProcess pacer, String id, int instances, String constraints) throws Exception {
        String app = "{\"id\": \"" + id + "\", \"cmd\": \"exec sleep 1202\", \"cpus\": 0.05, \"mem\": 16, \"instances\": "
                + instances + ", \"constraints\": " + constraints + "}";
        assertThat(pacer.send("POST", "/v2/apps", app).statusCode()).isEqualTo(201);
    }

    private static int countRunning(JsonNode tasks) {
        int n = 0;
        for (JsonNode t : tasks) {
            n += t.get("state").asText().equals("TASK_RUNNING") ? 1 : 0;
        }
        return n;
    }

    /** Which agent each task runs on, as S0, S1, S2. */
    private static List<String> agents(JsonNode tasks) {
        List<String> agents = new ArrayList<>();
        for (JsonNode t : tasks) {
            String slaveId = t.get("slaveId").asText();
            agents.add(slaveId.substring(slaveId.lastIndexOf('-') + 1));
        }
        return agents;
    }

    private static JsonNode queueEntry(PacerProcess pacer, String appId) throws Exception {
        for (JsonNode entry : pacer.get("/v2/queue").get("queue")) {
            if (entry.get("app").get("id").asText().equals(appId)) {
                return entry;
            }
        }
        return null;
    }
}
