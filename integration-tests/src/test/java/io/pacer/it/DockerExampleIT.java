package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Docker example: its script builds the image and submits the app; two containers serve; delete leaves nothing. */
class DockerExampleIT {
    private static final Path ROOT = Path.of(System.getProperty("pacer.root"));
    private static final String APP = "/examples/web";

    @TempDir
    Path dir;

    @Test
    void twoBridgedContainersServeOnTheirHostPortsAndDeleteLeavesNothing() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            Process launch = new ProcessBuilder(ROOT.resolve("examples/docker/launch.sh").toString(), pacer.uri.toString())
                    .redirectErrorStream(true).start();
            String output = new String(launch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(launch.waitFor(120, TimeUnit.SECONDS) && launch.exitValue() == 0).as(output).isTrue();

            JsonNode tasks = pacer.awaitTasks(APP, PacerProcess.healthy(2), Duration.ofSeconds(90));
            for (JsonNode task : tasks) {
                int port = task.get("ports").get(0).asInt();
                HttpResponse<String> page = pacer.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.body().trim()).isEqualTo("hello from " + task.get("id").asText());
            }

            pacer.awaitDeployed(APP);
            assertThat(pacer.send("DELETE", "/v2/apps" + APP, null).statusCode()).isEqualTo(200);
            for (JsonNode task : tasks) {
                events.await(EventStreamClient.taskStatus(task.get("id").asText(), "TASK_KILLED"), Duration.ofSeconds(30));
                assertThat(TestDocker.containersLabelled("io.pacer.task-id", task.get("id").asText())).isEmpty();
                int port = task.get("ports").get(0).asInt();
                assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).as("port %d is free again", port)
                        .isInstanceOf(IOException.class);
            }
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
        TestDocker.assertNoContainerLeft(dir);
    }
}
