package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Images from a registry (issue 6): pacer.jar on its embedded cluster with the real executor, pulling from a real
 * docker-registry on 127.0.0.1 through the real engine.
 */
class DockerPullIT extends DockerEndToEnd {
    static final Duration WAIT = Duration.ofSeconds(120);
    /** Big enough that the engine reports download progress for the layer. */
    static final int LAYER_BYTES = 4_000_000;

    @Test
    void anAbsentImageIsPulledWithProgressAPresentOneIsUsedAsItIsAndForcePullImageFetchesAMovedTag() throws Exception {
        try (TestRegistry registry = TestRegistry.start(dir.resolve("registry"))) {
            String image = registry.address() + "/pacer-test/pulled:1";
            TestDocker.buildLayeredImage(image, "one", LAYER_BYTES);
            TestDocker.docker("push", image);
            TestDocker.docker("rmi", image);

            try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
                String absent = runningTask(pacer, app("/pull/absent", image, false));
                assertThat(startingMessages(events, absent))
                        .contains("Pulling image " + image)
                        .anyMatch(m -> m.matches("Pulling image \\Q" + image + "\\E: [01] of 1 layer\\(s\\), [0-9.]+ of 4\\.[0-9] MB"))
                        .anyMatch(m -> m.matches("Pulled image \\Q" + image + "\\E \\(1 layer\\(s\\), 4\\.[0-9] MB\\)"));
                awaitOutput(pacer, absent, "one");

                // The registry's tag moves on; the engine keeps the first image under the same name.
                String first = TestDocker.docker("image", "inspect", "-f", "{{.Id}}", image);
                TestDocker.buildLayeredImage(image, "two", LAYER_BYTES);
                TestDocker.docker("push", image);
                TestDocker.docker("tag", first, image);

                String present = runningTask(pacer, app("/pull/present", image, false));
                assertThat(startingMessages(events, present)).noneMatch(m -> m.startsWith("Pulling image"));
                awaitOutput(pacer, present, "one");

                String forced = runningTask(pacer, app("/pull/forced", image, true));
                assertThat(startingMessages(events, forced)).contains("Pulling image " + image);
                awaitOutput(pacer, forced, "two");
            }
        }
    }

    private static String app(String id, String image, boolean forcePull) {
        return "{\"id\": \"" + id + "\", \"cmd\": \"cat /version; exec sleep 1000\", \"cpus\": 0.1, \"mem\": 32,"
                + " \"container\": {\"type\": \"DOCKER\", \"docker\": {\"image\": \"" + image + "\", \"forcePullImage\": " + forcePull + "}}}";
    }

    private static String runningTask(PacerProcess pacer, String app) throws Exception {
        assertThat(pacer.send("POST", "/v2/apps", app).statusCode()).isEqualTo(201);
        String id = PacerProcess.JSON.readTree(app).get("id").asText();
        return pacer.awaitTasks(id, PacerProcess.running(1), WAIT).get(0).get("id").asText();
    }

    private static List<String> startingMessages(EventStreamClient events, String taskId) {
        return events.all().stream().filter(EventStreamClient.taskStatus(taskId, "TASK_STARTING"))
                .map(e -> e.path("message").asText()).toList();
    }

    private static void awaitOutput(PacerProcess pacer, String taskId, String expected) throws Exception {
        Poll.until(WAIT, () -> "task " + taskId + " to print " + expected + "; its stdout: " + stdout(pacer, taskId),
                () -> Optional.of(stdout(pacer, taskId)).filter(output -> output.contains(expected)));
    }

    private static String stdout(PacerProcess pacer, String taskId) throws Exception {
        Optional<Path> stdout = pacer.sandboxFile("stdout", taskId);
        return stdout.isPresent() ? Files.readString(stdout.get()) : "";
    }
}
