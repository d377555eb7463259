package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's "done means", end to end on the real pacer.jar with its embedded cluster and real cgroups: an app
 * with {@code mem: 32} whose instance allocates 200 MB is killed alone, and its failure says why.
 */
class IsolationIT {
    /** An HTTP server on $PORT0 that answers "ok", and first takes 200 MB when asked for /eat. */
    private static final String GREEDY_SERVER = String.join("\n",
            "import http.server, os",
            "class Handler(http.server.BaseHTTPRequestHandler):",
            "    def do_GET(self):",
            "        if self.path == '/eat':",
            "            self.server.hoard = b'x' * (200 << 20)",
            "        self.send_response(200)",
            "        self.end_headers()",
            "        self.wfile.write(b'ok')",
            "http.server.HTTPServer(('', int(os.environ['PORT0'])), Handler).serve_forever()");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void anInstanceOverItsMemoryFailsWithTheLimitationWhileItsSiblingKeepsServing() throws Exception {
        assumeTrue(Files.isWritable(Path.of("/sys/fs/cgroup/memory")) && Files.isWritable(Path.of("/sys/fs/cgroup/freezer")),
                "cgroup v1 memory and freezer are not writable here: the embedded cluster cannot isolate");
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"))) {
            ObjectNode app = PacerProcess.JSON.createObjectNode().put("id", "/iso/greedy").put("instances", 2)
                    .put("cpus", 0.1).put("mem", 32).put("backoffSeconds", 60);
            app.putArray("args").add("python3").add("-c").add(GREEDY_SERVER);
            app.putArray("portDefinitions").addObject().put("port", 0);
            assertThat(pacer.send("POST", "/v2/apps", app.toString()).statusCode()).isEqualTo(201);
            JsonNode tasks = pacer.awaitTasks("/iso/greedy", PacerProcess.running(2), Duration.ofSeconds(60));
            JsonNode greedy = tasks.get(0);
            JsonNode sibling = tasks.get(1);
            // TASK_RUNNING comes when the process starts, before Python listens: wait for both to serve
            awaitServing(greedy);
            awaitServing(sibling);

            try {
                get(greedy, "/eat");
            } catch (IOException e) {
                // the connection dies with the process
            }

            JsonNode failure = awaitLastTaskFailure(pacer);
            assertThat(failure.get("taskId").asText()).isEqualTo(greedy.get("id").asText());
            assertThat(failure.get("state").asText()).isEqualTo("TASK_FAILED");
            assertThat(failure.get("reason").asText()).isEqualTo("REASON_CONTAINER_LIMITATION_MEMORY");
            assertThat(failure.get("message").asText()).startsWith("Memory limit exceeded: Requested: 32MB Maximum Used: ");
            assertThat(get(sibling, "/")).as("the sibling instance, in the same executor").isEqualTo("ok");
            JsonNode siblingNow = pacer.awaitTasks("/iso/greedy", ts -> hasUsage(ts, sibling.get("id").asText()), Duration.ofSeconds(30));
            JsonNode usage = find(siblingNow, sibling.get("id").asText()).get("resourceUsage");
            assertThat(usage.get("isolated").asBoolean()).isTrue();
            assertThat(usage.get("mem_limit_bytes").asLong()).isEqualTo(32L << 20);
            assertThat(usage.get("mem_rss_bytes").asLong()).isPositive();
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    private static JsonNode awaitLastTaskFailure(PacerProcess pacer) throws Exception {
        return Poll.until(Duration.ofSeconds(30), () -> "a lastTaskFailure: " + pacer.get("/v2/apps/iso/greedy").toPrettyString()
                + "\nPacer's log:\n" + pacer.tail(), () -> Optional.ofNullable(pacer.get("/v2/apps/iso/greedy").get("app").get("lastTaskFailure")));
    }

    private static boolean hasUsage(JsonNode tasks, String taskId) {
        JsonNode task = find(tasks, taskId);
        return task != null && task.has("resourceUsage");
    }

    private static JsonNode find(JsonNode tasks, String taskId) {
        for (JsonNode task : tasks) {
            if (task.get("id").asText().equals(taskId)) {
                return task;
            }
        }
        return null;
    }

    private static void awaitServing(JsonNode task) throws Exception {
        Poll.until(Duration.ofSeconds(30), () -> "task " + task.get("id").asText() + " to answer on its port", () -> {
            try {
                return "ok".equals(get(task, "/")) ? Optional.of(true) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    private static String get(JsonNode task, String path) throws Exception {
        URI uri = URI.create("http://" + task.get("host").asText() + ":" + task.get("ports").get(0).asInt() + path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
