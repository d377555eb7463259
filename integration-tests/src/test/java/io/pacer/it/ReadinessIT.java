package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness gating on the real pacer.jar and its embedded cluster (docs/deployments.md, "Readiness checks"): an app
 * of 2 instances with minimumHealthCapacity 1 whose tasks answer /ready with 503 until a file named {@code ready}
 * appears in their sandbox. The executor checks them; no old task is killed while no new task is ready, however
 * long that takes, /v2/deployments shows the results not ready yet, and the deployment ends once the new tasks are.
 */
class ReadinessIT {
    private static final String APP = "/readiness/web";
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    /** A server whose /ready answers 503 until ./ready exists; every other path 200 (HTTP/1.0, a connection per request). */
    private static final String SERVER = """
            import http.server, os, sys
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    ready = os.path.exists('ready')
                    body = b'ready' if ready else b'warming up'
                    self.send_response(200 if ready or self.path != '/ready' else 503)
                    self.send_header('Content-Type', 'text/plain')
                    self.send_header('Content-Length', str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            http.server.HTTPServer(('127.0.0.1', int(sys.argv[1])), Handler).serve_forever()
            """;

    @TempDir
    Path dir;

    @Test
    void oldTasksStayUntilNewOnesAreReadyAndTheDeploymentWaitsForReadiness() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), LocalPorts.agentFlags())) {
            assertThat(pacer.send("POST", "/v2/apps", app("v1").toString()).statusCode()).isEqualTo(201);
            List<String> old = PacerProcess.ids(pacer.awaitTasks(APP, PacerProcess.healthy(2), Duration.ofSeconds(120)));
            JsonNode waiting = awaitNotReady(pacer, old);
            assertThat(waiting.get(0).get("lastResponse")).isEqualTo(PacerProcess.JSON.readTree(
                    "{\"status\": 503, \"contentType\": \"text/plain\", \"body\": \"warming up\"}"));
            assertThat(pacer.get("/v2/deployments")).as("the start waits for readiness too").hasSize(1);
            for (String task : old) {
                makeReady(pacer, task);
            }
            pacer.awaitNoDeployment(Duration.ofSeconds(60), "ReadinessIT");

            assertThat(pacer.send("PUT", "/v2/apps" + APP, app("v2").toString()).statusCode()).isEqualTo(200);
            JsonNode tasks = pacer.awaitTasks(APP, t -> t.size() == 4 && PacerProcess.healthy(4).test(t), Duration.ofSeconds(120));
            List<String> fresh = PacerProcess.ids(tasks).stream().filter(t -> !old.contains(t)).toList();
            JsonNode results = awaitNotReady(pacer, fresh);
            assertThat(results.findValuesAsText("taskId")).containsExactlyInAnyOrderElementsOf(fresh);
            assertThat(results.findValues("ready")).allMatch(r -> !r.asBoolean());
            assertThat(pacer.get("/v2/apps" + APP).get("app").get("readinessCheckResults")).isEqualTo(results);
            oldTasksStay(pacer, old, INTERVAL.multipliedBy(3));

            makeReady(pacer, fresh.get(0));
            JsonNode afterOne = pacer.awaitTasks(APP, t -> alive(t, old).size() == 1, Duration.ofSeconds(60));
            List<String> stays = alive(afterOne, old);
            oldTasksStay(pacer, stays, INTERVAL.multipliedBy(2));
            makeReady(pacer, fresh.get(1));
            pacer.awaitNoDeployment(Duration.ofSeconds(60), "ReadinessIT");

            assertThat(PacerProcess.ids(pacer.tasks(APP))).containsExactlyInAnyOrderElementsOf(fresh);
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    /** 2 instances serving on a port named http-api, an HTTP health check on "/" and a readiness check on "/ready". */
    private static ObjectNode app(String mark) {
        ObjectNode app = PacerProcess.JSON.createObjectNode().put("id", APP).put("cpus", 0.1).put("mem", 64).put("instances", 2)
                .put("cmd", "cat > server.py <<'EOF'\n" + SERVER + "EOF\nexec python3 server.py $PORT0");
        app.putObject("env").put("MARK", mark);
        app.putArray("portDefinitions").addObject().put("port", 0).put("name", "http-api");
        app.putArray("healthChecks").addObject().put("protocol", "HTTP").put("path", "/").put("portIndex", 0)
                .put("intervalSeconds", 1).put("timeoutSeconds", 1).put("maxConsecutiveFailures", 3).put("gracePeriodSeconds", 15);
        app.putArray("readinessChecks").addObject().put("name", "warm").put("path", "/ready").put("portName", "http-api")
                .put("intervalSeconds", INTERVAL.toSeconds()).put("timeoutSeconds", 1).put("preserveLastResponse", true);
        app.putObject("upgradeStrategy").put("minimumHealthCapacity", 1).put("maximumOverCapacity", 1);
        return app;
    }

    /**
     * The deployment's readinessCheckResults once the executors have answered for every one of {@code tasks}: the
     * executor checks only once the task runs and its server may not listen yet, so an answer can take a while.
     */
    private static JsonNode awaitNotReady(PacerProcess pacer, List<String> tasks) throws Exception {
        return Poll.until(Duration.ofSeconds(90), () -> "a 503 from /ready of " + tasks + " in " + pacer.get("/v2/deployments"), () -> {
            JsonNode deployments = pacer.get("/v2/deployments");
            if (deployments.isEmpty()) {
                return Optional.empty();
            }
            JsonNode results = deployments.get(0).get("currentActions").get(0).get("readinessCheckResults");
            long answered = StreamSupport.stream(results.spliterator(), false)
                    .filter(r -> tasks.contains(r.get("taskId").asText()) && r.path("lastResponse").path("status").asInt() == 503)
                    .count();
            return answered == tasks.size() ? Optional.of(results) : Optional.empty();
        });
    }

    /** For {@code during}, every one of {@code old} still runs and is not being killed. */
    private static void oldTasksStay(PacerProcess pacer, List<String> old, Duration during) throws Exception {
        long end = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < end) {
            assertThat(alive(pacer.tasks(APP), old)).as("no old task goes while no new one is ready")
                    .containsExactlyInAnyOrderElementsOf(old);
            Thread.sleep(200);
        }
    }

    /** Those of {@code candidates} among {@code tasks} that run and are not being killed. */
    private static List<String> alive(JsonNode tasks, List<String> candidates) {
        List<String> alive = new ArrayList<>();
        tasks.forEach(t -> {
            if (candidates.contains(t.get("id").asText()) && t.get("state").asText().equals("TASK_RUNNING")
                    && !t.get("killRequested").asBoolean()) {
                alive.add(t.get("id").asText());
            }
        });
        return alive;
    }

    private static void makeReady(PacerProcess pacer, String taskId) throws Exception {
        Path sandbox = pacer.sandboxFile("server.py", taskId).orElseThrow(() -> new AssertionError("no sandbox for " + taskId))
                .getParent();
        Files.writeString(sandbox.resolve("ready"), "");
    }
}
