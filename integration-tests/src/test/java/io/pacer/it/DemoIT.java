package io.pacer.it;

import static io.pacer.it.PacerProcess.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo, automated: Pacer started as a user starts it, the demo app submitted with its launch script,
 * two healthy instances, one toggled unhealthy, killed by its executor for failing its checks, replaced after the
 * app's backoff; then the app deleted and nothing left running.
 */
class DemoIT {
    private static final Path ROOT = Path.of(System.getProperty("pacer.root"));
    private static final String APP = "/demo/web";

    @TempDir
    Path dir;

    @Test
    void aToggledInstanceIsKilledByItsHealthCheckAndReplacedAfterTheBackoff() throws Exception {
        Path workDir = dir.resolve("pacer");
        try (PacerProcess pacer = PacerProcess.start(workDir); EventStreamClient events = EventStreamClient.open(pacer)) {
            Process launch = new ProcessBuilder(ROOT.resolve("examples/demo/launch.sh").toString(), pacer.uri.toString())
                    .redirectErrorStream(true).start();
            assertThat(launch.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(launch.exitValue()).as(new String(launch.getInputStream().readAllBytes())).isZero();

            JsonNode tasks = pacer.awaitTasks(APP, healthy(2), Duration.ofSeconds(90));
            Set<String> original = PacerProcess.taskIds(tasks);
            String victim = tasks.get(0).get("id").asText();
            int port = tasks.get(0).get("ports").get(0).asInt();
            HttpResponse<String> hello = toApp(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build());
            assertThat(hello.body()).as("the app answers with its task id").contains(victim);

            toApp(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/toggle")).POST(HttpRequest.BodyPublishers.noBody()).build());

            events.await(e -> is(e, "health_status_changed_event") && victim.equals(e.get("taskId").asText())
                    && !e.get("alive").asBoolean(), Duration.ofSeconds(30));
            pacer.awaitTasks(APP, t -> unhealthy(t, victim), Duration.ofSeconds(10));
            JsonNode killed = events.await(EventStreamClient.taskStatus(victim, "TASK_KILLED"), Duration.ofSeconds(30));
            assertThat(killed.get("message").asText()).containsIgnoringCase("health");
            events.await(e -> is(e, "unhealthy_task_kill_event") && victim.equals(e.get("taskId").asText()), Duration.ofSeconds(5));
            JsonNode replaced = events.await(e -> is(e, "status_update_event") && !original.contains(e.get("taskId").asText())
                    && e.get("taskStatus").asText().equals("TASK_RUNNING"), Duration.ofSeconds(60));
            Duration backoff = Duration.between(Instant.parse(killed.get("timestamp").asText()), Instant.parse(replaced.get("timestamp").asText()));
            assertThat(backoff).as("the replacement waits out the app's 1 s backoff").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            JsonNode after = pacer.awaitTasks(APP, healthy(2), Duration.ofSeconds(60));
            assertThat(PacerProcess.taskIds(after)).doesNotContain(victim);

            assertThat(pacer.send("GET", "/ping", null).body()).isEqualTo("pong");
            assertThat(pacer.get("/v2/info").get("frameworkId").asText()).isNotEmpty();
            assertThat(pacer.send("GET", "/metrics", null).body())
                    .contains("pacer_scheduler_tasks_launched_total 3.0", "pacer_scheduler_status_updates_total{state=\"TASK_KILLED\"}");

            pacer.awaitDeployed(APP);
            assertThat(pacer.send("DELETE", "/v2/apps" + APP, null).statusCode()).isEqualTo(200);
            awaitNoTasks(pacer);
            for (JsonNode t : after) {
                assertPortClosed(t.get("ports").get(0).asInt());
            }
        }
        assertThat(LeftoverProcesses.under(workDir)).as("nothing of Pacer is left running").isEmpty();
    }

    /**
     * One request to the demo app on a connection of its own: Python's HTTP/1.0 server closes each connection after
     * its answer without saying so, and a pooled client once sent the next request down the closed one.
     */
    private static HttpResponse<String> toApp(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitNoTasks(PacerProcess pacer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pacer.get("/v2/tasks").get("tasks").size() > 0) {
            assertThat(System.nanoTime()).as("tasks still there: " + pacer.get("/v2/tasks")).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void assertPortClosed(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                assertThat(System.nanoTime()).as("port " + port + " still answers").isLessThan(deadline);
                Thread.sleep(200);
            } catch (ConnectException closed) {
                return;
            }
        }
    }

    private static boolean unhealthy(JsonNode tasks, String taskId) {
        for (JsonNode t : tasks) {
            if (t.get("id").asText().equals(taskId)) {
                JsonNode r = t.get("healthCheckResults");
                return r.size() > 0 && !r.get(0).get("alive").asBoolean();
            }
        }
        return true; // already gone: it was unhealthy long enough to be killed
    }

    private static boolean is(JsonNode event, String type) {
        return event.get("eventType").asText().equals(type);
    }
}
