package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Docker apps end to end: the real pacer.jar on its embedded cluster, the real executor jar, a real Docker engine
 * and the busybox test image (scripts/test-image).
 */
class DockerAppsIT extends DockerEndToEnd {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TASK_LABEL = "io.pacer.task-id";

    @Test
    void aBridgedHttpdIsHealthyOnItsMappedPortAndIsReplacedOnceItsCheckFails() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            // Served from the sandbox, which the container sees at $MESOS_SANDBOX: the test removes the page from outside.
            assertThat(pacer.send("POST", "/v2/apps", app("/docker/web",
                    "mkdir -p $MESOS_SANDBOX/www && echo served-by-$MESOS_TASK_ID > $MESOS_SANDBOX/www/index.html"
                            + " && exec httpd -f -p 80 -h $MESOS_SANDBOX/www",
                    "\"network\": \"BRIDGE\", \"portMappings\": [{\"containerPort\": 80, \"hostPort\": 0, \"name\": \"http\"}]",
                    ", \"healthChecks\": [{\"protocol\": \"MESOS_HTTP\", \"portIndex\": 0, \"path\": \"/index.html\","
                            + " \"intervalSeconds\": 1, \"timeoutSeconds\": 2, \"maxConsecutiveFailures\": 2, \"gracePeriodSeconds\": 20}]"))
                    .statusCode()).isEqualTo(201);
            JsonNode task = pacer.awaitTasks("/docker/web", PacerProcess.healthy(1), WAIT).get(0);
            String taskId = task.get("id").asText();
            int hostPort = task.get("ports").get(0).asInt();

            HttpResponse<String> page = pacer.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.body().trim()).isEqualTo("served-by-" + taskId);
            assertThat(TestDocker.containersLabelled(TASK_LABEL, taskId)).hasSize(1);

            Files.delete(sandboxFile(pacer, "www/index.html", taskId));
            JsonNode killed = events.await(EventStreamClient.taskStatus(taskId, "TASK_KILLED"), WAIT);
            assertThat(killed.get("message").asText()).contains("health check", "404");
            JsonNode replacement = pacer.awaitTasks("/docker/web", t -> PacerProcess.healthy(1).test(t)
                    && !t.get(0).get("id").asText().equals(taskId), WAIT).get(0);
            assertThat(TestDocker.containersLabelled(TASK_LABEL, taskId)).as("the killed task's container is removed").isEmpty();

            pacer.awaitDeployed("/docker/web");
            assertThat(pacer.send("DELETE", "/v2/apps/docker/web", null).statusCode()).isEqualTo(200);
            events.await(EventStreamClient.taskStatus(replacement.get("id").asText(), "TASK_KILLED"), WAIT);
            assertThat(TestDocker.containersLabelled(TASK_LABEL, replacement.get("id").asText())).isEmpty();
        }
    }

    @Test
    void exitStatusesBecomeFinishedAndFailedAndTheOutputReachesTheSandbox() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            pacer.send("POST", "/v2/apps", app("/docker/done", "echo all-done; exit 0", "", ""));
            pacer.send("POST", "/v2/apps", app("/docker/fails", "echo about-to-fail >&2; exit 3", "", ""));

            JsonNode finished = events.await(EventStreamClient.appStatus("/docker/done", "TASK_FINISHED"), WAIT);
            JsonNode failed = events.await(EventStreamClient.appStatus("/docker/fails", "TASK_FAILED"), WAIT);
            assertThat(failed.get("message").asText()).contains("exited with status 3");
            assertThat(Files.readString(sandboxFile(pacer, "stdout", finished.get("taskId").asText()))).contains("all-done");
            assertThat(Files.readString(sandboxFile(pacer, "stderr", failed.get("taskId").asText()))).contains("about-to-fail");
        }
    }

    @Test
    void aContainerThatIgnoresSigtermIsKilledAfterItsGracePeriodAndRemoved() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            pacer.send("POST", "/v2/apps", app("/docker/stubborn", "trap '' TERM; while true; do sleep 1; done", "",
                    ", \"taskKillGracePeriodSeconds\": 2"));
            String taskId = pacer.awaitTasks("/docker/stubborn", PacerProcess.running(1), WAIT).get(0).get("id").asText();

            pacer.awaitDeployed("/docker/stubborn");
            Instant asked = Instant.now();
            assertThat(pacer.send("DELETE", "/v2/apps/docker/stubborn", null).statusCode()).isEqualTo(200);
            JsonNode killed = events.await(EventStreamClient.taskStatus(taskId, "TASK_KILLED"), WAIT);
            assertThat(Duration.between(asked, Instant.parse(killed.get("timestamp").asText())))
                    .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(15));
            assertThat(killed.get("message").asText()).contains("SIGKILL");
            assertThat(TestDocker.containersLabelled(TASK_LABEL, taskId)).isEmpty();
        }
    }

    @Test
    void anUnknownImageAndAContainerOverItsMemoryLimitFailSayingWhy() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            pacer.send("POST", "/v2/apps", "{\"id\": \"/docker/nowhere\", \"cpus\": 0.1, \"mem\": 32, \"container\": {\"type\": \"DOCKER\","
                    + " \"docker\": {\"image\": \"pacer-test/no-such-image:1\"}}}");
            // dd's 128 MiB buffer, filled from /dev/zero, against a 32 MiB limit
            pacer.send("POST", "/v2/apps", app("/docker/hungry", "dd if=/dev/zero of=/dev/null bs=128M count=1", "", ""));

            JsonNode missing = events.await(EventStreamClient.appStatus("/docker/nowhere", "TASK_FAILED"), WAIT);
            assertThat(missing.get("message").asText()).contains("pacer-test/no-such-image:1");
            JsonNode oom = events.await(EventStreamClient.appStatus("/docker/hungry", "TASK_FAILED"), WAIT);
            assertThat(oom.get("message").asText()).isEqualTo("Memory limit exceeded: Requested: 32MB");
            assertThat(oom.get("reason").asText()).isEqualTo("REASON_CONTAINER_LIMITATION_MEMORY");
        }
    }

    /** Where the executor's orphan sweeper could not act (no docker command on the agent, say; here: stopped, then killed). */
    @Test
    void aRestartedExecutorRemovesTheContainersItsKilledPredecessorLeft() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            pacer.send("POST", "/v2/apps", app("/docker/orphan", "exec sleep 1000", "", ""));
            String taskId = pacer.awaitTasks("/docker/orphan", PacerProcess.running(1), WAIT).get(0).get("id").asText();
            List<String> container = TestDocker.containersLabelled(TASK_LABEL, taskId);
            assertThat(container).hasSize(1);

            List<Long> sweepers = LeftoverProcesses.under(dir).stream().filter(p -> p.contains("pacer-orphan-sweeper"))
                    .map(p -> Long.parseLong(p.substring(0, p.indexOf(' ')))).toList();
            assertThat(sweepers).hasSize(1);
            // stopped, not ended: the executor would start another for one that ends
            assertThat(new ProcessBuilder("kill", "-STOP", sweepers.get(0).toString()).start().waitFor()).isZero();
            executor().destroyForcibly();
            ProcessHandle.of(sweepers.get(0)).ifPresent(ProcessHandle::destroyForcibly);
            assertThat(TestDocker.docker("inspect", "-f", "{{.State.Running}}", container.get(0)))
                    .as("the container outlives its executor").isEqualTo("true");

            events.await(e -> e.get("eventType").asText().equals("status_update_event") && e.get("taskId").asText().equals(taskId)
                    && !e.get("taskStatus").asText().equals("TASK_RUNNING"), WAIT);
            String next = pacer.awaitTasks("/docker/orphan", t -> PacerProcess.running(1).test(t) && !t.get(0).get("id").asText().equals(taskId), WAIT)
                    .get(0).get("id").asText();
            assertThat(TestDocker.containersLabelled(TASK_LABEL, taskId)).as("removed by the next executor of the same id").isEmpty();
            assertThat(TestDocker.containersLabelled(TASK_LABEL, next)).hasSize(1);
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    /**
     * Under posix isolation (Mesos's posix launcher), where the executor's orphan sweeper outlives it; under cgroups
     * the agent's destroy of the executor's container takes the sweeper with it (docs/executor.md).
     */
    @Test
    void underPosixIsolationTheContainersOfAKilledExecutorAreRemovedEvenWhenNoExecutorFollowsIt() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), "--local-isolation", "posix")) {
            // a long backoff: no replacement (and so no next executor of the same id) comes within the test
            pacer.send("POST", "/v2/apps", app("/docker/alone", "exec sleep 1001", "", ", \"backoffSeconds\": 600"));
            String taskId = pacer.awaitTasks("/docker/alone", PacerProcess.running(1), WAIT).get(0).get("id").asText();
            assertThat(TestDocker.containersLabelled(TASK_LABEL, taskId)).hasSize(1);

            executor().destroyForcibly();

            Poll.until(Duration.ofSeconds(20), () -> "the orphan sweeper to remove the container of " + taskId,
                    () -> TestDocker.containersLabelled(TASK_LABEL, taskId).isEmpty() ? Optional.of(true) : Optional.empty());
            assertThat(LeftoverProcesses.under(dir)).as("no executor came after the killed one").noneMatch(p -> p.contains("pacer-executor.jar"));
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    private ProcessHandle executor() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("pacer-executor.jar"))
                .filter(p -> LeftoverProcesses.under(dir).stream().anyMatch(l -> l.startsWith(p.pid() + " ")))
                .findFirst().orElseThrow(() -> new AssertionError("no executor process under " + dir));
    }

    /** A Docker app of the test image with {@code cmd}, the extra {@code docker} fields and extra app fields. */
    private static String app(String id, String cmd, String dockerFields, String appFields) {
        return "{\"id\": \"" + id + "\", \"cmd\": " + PacerProcess.JSON.valueToTree(cmd) + ", \"cpus\": 0.1, \"mem\": 32,"
                + " \"container\": {\"type\": \"DOCKER\", \"docker\": {\"image\": \"" + TestDocker.TEST_IMAGE + "\""
                + (dockerFields.isEmpty() ? "" : ", " + dockerFields) + "}}" + appFields + "}";
    }

    private static Path sandboxFile(PacerProcess pacer, String relative, String taskId) throws Exception {
        return pacer.sandboxFile(relative, taskId).orElseThrow(() -> new AssertionError("no " + relative + " in the sandbox of " + taskId));
    }
}
