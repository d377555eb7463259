package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An app's life through the REST API on the real pacer.jar: create, scale, restart, kill with scale, delete. */
class AppLifecycleIT {
    @TempDir
    Path dir;

    @Test
    void createScaleRestartShrinkAndDelete() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"))) {
            assertThat(pacer.send("POST", "/v2/apps", "{\"id\": \"/life/app\", \"cmd\": \"exec sleep 1201\", \"cpus\": 0.1, \"mem\": 16}")
                    .statusCode()).isEqualTo(201);
            pacer.awaitTasks("/life/app", PacerProcess.running(1), Duration.ofSeconds(60));
            pacer.awaitDeployed("/life/app");

            assertThat(pacer.send("PATCH", "/v2/apps/life/app", "{\"instances\": 3}").statusCode()).isEqualTo(200);
            Set<String> three = PacerProcess.taskIds(pacer.awaitTasks("/life/app", PacerProcess.running(3), Duration.ofSeconds(60)));
            pacer.awaitDeployed("/life/app");

            assertThat(pacer.send("POST", "/v2/apps/life/app/restart", null).statusCode()).isEqualTo(200);
            Set<String> restarted = PacerProcess.taskIds(pacer.awaitTasks("/life/app", t -> PacerProcess.running(3).test(t) && disjoint(PacerProcess.taskIds(t), three), Duration.ofSeconds(60)));
            assertThat(restarted).doesNotContainAnyElementsOf(three);

            String victim = restarted.iterator().next();
            assertThat(pacer.send("DELETE", "/v2/apps/life/app/tasks/" + victim + "?scale=true", null).statusCode()).isEqualTo(200);
            JsonNode two = pacer.awaitTasks("/life/app", PacerProcess.running(2), Duration.ofSeconds(30));
            assertThat(PacerProcess.taskIds(two)).doesNotContain(victim);
            assertThat(pacer.get("/v2/apps/life/app").get("app").get("instances").asInt()).isEqualTo(2);
            pacer.awaitDeployed("/life/app");

            assertThat(pacer.send("DELETE", "/v2/apps/life/app", null).statusCode()).isEqualTo(200);
            awaitNoTasks(pacer);
            assertThat(pacer.send("GET", "/v2/apps/life/app", null).statusCode()).isEqualTo(404);
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    void aCrashLoopingAppWaitsLongerBeforeEachRelaunch() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            pacer.send("POST", "/v2/apps", "{\"id\": \"/life/crash\", \"cmd\": \"exit 3\", \"cpus\": 0.1, \"mem\": 16,"
                    + " \"backoffSeconds\": 1, \"backoffFactor\": 2, \"maxLaunchDelaySeconds\": 30}");

            List<Instant> failures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Instant after = failures.isEmpty() ? Instant.EPOCH : failures.get(failures.size() - 1);
                JsonNode failed = events.await(e -> e.get("eventType").asText().equals("status_update_event")
                        && e.get("taskStatus").asText().equals("TASK_FAILED")
                        && Instant.parse(e.get("timestamp").asText()).isAfter(after), Duration.ofSeconds(60));
                assertThat(failed.get("message").asText()).contains("status 3");
                failures.add(Instant.parse(failed.get("timestamp").asText()));
            }
            // the n-th relaunch waits 1 s * 2^(n-1): gaps of at least 1, 2 and 4 s
            assertThat(Duration.between(failures.get(0), failures.get(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(Duration.between(failures.get(1), failures.get(2))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(Duration.between(failures.get(2), failures.get(3))).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
            JsonNode queued = pacer.get("/v2/queue").get("queue");
            assertThat(queued).hasSize(1);
            assertThat(queued.get(0).get("app").get("id").asText()).isEqualTo("/life/crash");
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    private static void awaitNoTasks(PacerProcess pacer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pacer.get("/v2/tasks").get("tasks").size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(pacer.get("/v2/tasks").get("tasks")).isEmpty();
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both.isEmpty();
    }
}
