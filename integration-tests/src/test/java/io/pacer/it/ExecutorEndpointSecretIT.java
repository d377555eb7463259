package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor's endpoint on the real pacer.jar and its embedded cluster (docs/security.md, "The executor's endpoint"):
 * a direct request without the executor's secret, or with another, gets 401 on every path; Pacer's proxies and its
 * usage poller, which send it, work; the secret shows nowhere a user or a task could read it. Pacer runs with
 * {@code --executor-endpoint-bind 127.0.0.1}: the endpoint is advertised at, and listens on, loopback only.
 */
class ExecutorEndpointSecretIT {
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final String APP = "/secret/web";

    @TempDir
    Path dir;

    @Test
    void theEndpointAnswersPacerOnlyAndTheSecretLeaksNowhere() throws Exception {
        Path work = dir.resolve("pacer");
        String theSecret;
        List<String> args = new java.util.ArrayList<>(List.of(LocalPorts.agentFlags()));
        args.addAll(List.of("--executor-endpoint-bind", "127.0.0.1"));
        try (PacerProcess pacer = PacerProcess.start(work, args.toArray(String[]::new))) {
            // the task prints its whole environment: the secret must not be in it
            assertThat(pacer.send("POST", "/v2/apps", "{\"id\": \"" + APP + "\", \"cmd\": \"env; exec sleep 1300\", \"cpus\": 0.1,"
                    + " \"mem\": 32, \"instances\": 1}").statusCode()).isEqualTo(201);
            JsonNode task = pacer.awaitTasks(APP, PacerProcess.running(1), WITHIN).get(0);
            String taskId = task.get("id").asText();
            // the endpoint comes with the first TASK_RUNNING's labels; wait for it rather than assume it
            JsonNode withEndpoint = pacer.awaitTasks(APP, t -> t.get(0).hasNonNull("executorEndpoint"), WITHIN).get(0);
            URI endpoint = URI.create(withEndpoint.get("executorEndpoint").asText());
            assertThat(endpoint.getHost()).as("bound to loopback, advertised so").isEqualTo("127.0.0.1");

            String authorization = ExecutorSecrets.authorization(work, APP);
            for (String path : List.of("/health", "/metrics", "/tasks/" + taskId, "/tasks/" + taskId + "/files/stdout")) {
                assertThat(direct(pacer, endpoint.resolve(path), Optional.empty()).statusCode()).as("%s without the secret", path).isEqualTo(401);
                assertThat(direct(pacer, endpoint.resolve(path), Optional.of("Bearer " + "A".repeat(43))).statusCode())
                        .as("%s with another secret", path).isEqualTo(401);
                assertThat(direct(pacer, endpoint.resolve(path), Optional.of(authorization)).statusCode()).as("%s with Pacer's", path)
                        .isEqualTo(200);
            }

            // through Pacer, which sends the secret: the executor's view of the task and its log
            JsonNode details = pacer.get("/v2/tasks/" + taskId + "/executor");
            assertThat(details.get("id").asText()).isEqualTo(taskId);
            String stdout = Poll.until(WITHIN, () -> "the task's environment in its stdout", () -> {
                HttpResponse<String> r = pacer.send("GET", "/v2/tasks/" + taskId + "/files/stdout?tail=200", null);
                return r.statusCode() == 200 && r.body().contains("MESOS_SANDBOX=") ? Optional.of(r.body()) : Optional.empty();
            });
            // and the usage poller's figures (every 5 s)
            pacer.awaitTasks(APP, t -> t.get(0).has("resourceUsage"), WITHIN);

            String secret = authorization.substring("Bearer ".length());
            assertThat(stdout).as("the task's environment").doesNotContain(secret);
            assertThat(details.toString()).as("the executor's task view").doesNotContain(secret);
            assertThat(pacer.send("GET", "/v2/apps" + APP + "?embed=app.tasks", null).body()).doesNotContain(secret);
            assertThat(pacer.send("GET", "/v2/tasks", null).body()).doesNotContain(secret);
            assertThat(pacer.send("GET", "/v2/info", null).body()).doesNotContain(secret);

            Optional<InetAddress> external = nonLoopbackAddress();
            if (external.isPresent()) { // a machine with only loopback has nothing more to show
                assertThat(connects(external.get(), endpoint.getPort())).as("the endpoint on %s", external.get()).isFalse();
            }
            theSecret = secret;
        }
        // everything the run logged, the executor's and the task's own output included, once all has stopped
        try (Stream<Path> files = Files.walk(work)) {
            List<Path> logs = files.filter(f -> Files.isRegularFile(f) && isLog(f)).toList();
            assertThat(logs).as("Pacer's log and the task's stdout at least").anyMatch(f -> f.getFileName().toString().equals("pacer.log"))
                    .anyMatch(f -> f.getFileName().toString().equals("stdout") && f.toString().contains("/tasks/"));
            for (Path file : logs) {
                assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)).as("%s", file).doesNotContain(theSecret);
            }
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    private static HttpResponse<String> direct(PacerProcess pacer, URI uri, Optional<String> authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        authorization.ifPresent(a -> request.header("Authorization", a));
        return pacer.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Pacer's log, the executors' and tasks' stdout and stderr (rotated ones too), the agent's logs. */
    private static boolean isLog(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".log") || name.startsWith("stdout") || name.startsWith("stderr");
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        return NetworkInterface.networkInterfaces().filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst();
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
