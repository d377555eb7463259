package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pacer-discovery.jar on its own, next to a pacer.jar: its command line, and its view through a restart of Pacer:
 * the endpoints file says since when the view is old while Pacer is away, and follows the new tasks once it is back.
 */
class DiscoveryJarIT {
    private static final Duration LAUNCH = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void helpAndABadFlag() throws Exception {
        Process help = discovery(false, "--help");
        String usage = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Process bad = discovery(false, "--dns-port", "many");
        String error = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(help.waitFor()).isZero();
        assertThat(usage).contains("Usage: java -jar pacer-discovery.jar", "--pacer URL", "--outputs LIST", "--dns-port N");
        assertThat(bad.waitFor()).isEqualTo(2);
        assertThat(error.strip()).isEqualTo("pacer-discovery: --dns-port needs a port from 0 to 65535, got 'many'");
    }

    @Test
    void theFileSaysHowOldTheViewIsWhilePacerIsAwayAndFollowsItWhenItIsBack() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String appId = "/resync/web";
        Path endpoints = dir.resolve("discovery").resolve("endpoints").resolve("endpoints.json");
        Process discovery = null;
        String firstTask;
        try {
            try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), "--http-port", Integer.toString(port))) {
                var response = pacer.send("POST", "/v2/apps", "{\"id\": \"" + appId + "\", \"cpus\": 0.1, \"mem\": 32, "
                        + "\"cmd\": \"exec python3 -m http.server $PORT0\", \"portDefinitions\": [{\"port\": 0}]}");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                pacer.awaitTasks(appId, PacerProcess.running(1), LAUNCH);
                discovery = discovery(true, "--pacer", "http://127.0.0.1:" + port, "--outputs", "file", "--work-dir", dir.resolve("discovery").toString());
                JsonNode first = awaitFile(endpoints, f -> f.get("live").asBoolean() && endpointsOf(f, appId) == 1);
                assertThat(first.get("apps").get(appId).get("servicePorts").get(0).get("port").asInt()).isBetween(10000, 20000);
                firstTask = first.get("apps").get(appId).get("endpoints").get(0).get("taskId").asText();
            }

            JsonNode away = awaitFile(endpoints, f -> !f.get("live").asBoolean());
            assertThat(away.has("lostSince")).as(away.toString()).isTrue();
            assertThat(endpointsOf(away, appId)).as("the last known endpoints stay, marked old").isEqualTo(1);

            try (PacerProcess again = PacerProcess.start(dir.resolve("pacer"), "--http-port", Integer.toString(port))) {
                // the embedded cluster went with the first Pacer: its task is reconciled away and replaced
                again.awaitTasks(appId, tasks -> PacerProcess.running(1).test(tasks) && !tasks.get(0).get("id").asText().equals(firstTask),
                        LAUNCH);
                String taskId = again.tasks(appId).get(0).get("id").asText();
                JsonNode back = awaitFile(endpoints, f -> f.get("live").asBoolean()
                        && f.get("apps").get(appId).get("endpoints").findValuesAsText("taskId").equals(List.of(taskId)));
                assertThat(back.has("lostSince")).isFalse();
            }
        } finally {
            if (discovery != null) {
                discovery.destroy();
                assertThat(discovery.waitFor(20, TimeUnit.SECONDS)).as("pacer-discovery stops on SIGTERM").isTrue();
            }
            Files.copy(dir.resolve("discovery.log"), Path.of("target", "DiscoveryJarIT-discovery.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    private static int endpointsOf(JsonNode file, String appId) {
        return file.path("apps").path(appId).path("endpoints").size();
    }

    private static JsonNode awaitFile(Path file, java.util.function.Predicate<JsonNode> wanted) throws Exception {
        return Poll.until(Duration.ofSeconds(30), () -> file + " to change; it reads:\n" + (Files.exists(file) ? Files.readString(file) : "(none)"),
                () -> {
                    if (!Files.exists(file)) {
                        return Optional.empty();
                    }
                    JsonNode content = PacerProcess.JSON.readTree(file.toFile());
                    return wanted.test(content) ? Optional.of(content) : Optional.empty();
                });
    }

    /** pacer-discovery.jar with {@code args}; its output to discovery.log ({@code toLog}) or to read from the process. */
    private Process discovery(boolean toLog, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("pacer.discovery.jar")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (toLog) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(Files.createDirectories(dir).resolve("discovery.log").toFile()));
        }
        return builder.start();
    }
}
