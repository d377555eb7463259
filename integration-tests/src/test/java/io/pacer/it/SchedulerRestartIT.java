package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of Pacer (and, with it, its embedded cluster) followed by a restart on the same work dir: no app lost,
 * no duplicate instance, tasks reconciled. Intents are on disk before launches; executors of the checkpointing
 * framework outlive the crash and are recovered by the restarted agent.
 */
class SchedulerRestartIT {
    @TempDir
    Path dir;

    @Test
    void aCrashMidLaunchLosesNoAppAndStartsNoDuplicate() throws Exception {
        Path workDir = dir.resolve("pacer");
        try (PacerProcess first = PacerProcess.start(workDir)) {
            assertThat(first.send("POST", "/v2/apps", app("/crash/mid-launch", "exec sleep 1101")).statusCode()).isEqualTo(201);
            first.crash();
        }
        try (PacerProcess second = PacerProcess.start(workDir)) {
            second.awaitTasks("/crash/mid-launch", PacerProcess.running(3), Duration.ofSeconds(60));
            awaitProcesses("sleep 1101", 3);
            Thread.sleep(3000); // a duplicate would have to launch within the next offer rounds
            assertThat(second.tasks("/crash/mid-launch")).hasSize(3);
            assertThat(processes("sleep 1101")).as("no duplicate instance runs").isEqualTo(3);
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    void runningTasksSurviveACrashAndAreReconciledNotReplaced() throws Exception {
        Path workDir = dir.resolve("pacer");
        Set<String> before;
        try (PacerProcess first = PacerProcess.start(workDir)) {
            first.send("POST", "/v2/apps", app("/crash/running", "exec sleep 1102"));
            before = PacerProcess.taskIds(first.awaitTasks("/crash/running", PacerProcess.running(3), Duration.ofSeconds(60)));
            first.crash();
        }
        assertThat(processes("sleep 1102")).as("tasks outlive the crash").isEqualTo(3);
        try (PacerProcess second = PacerProcess.start(workDir)) {
            JsonNode after = second.awaitTasks("/crash/running", PacerProcess.running(3), Duration.ofSeconds(60));
            assertThat(PacerProcess.taskIds(after)).as("the same tasks, reconciled").isEqualTo(before);
            assertThat(second.get("/v2/apps/crash/running").get("app").get("instances").asInt()).isEqualTo(3);
            assertThat(processes("sleep 1102")).isEqualTo(3);
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    void aStateThatLostItsFrameworkIdIsRefusedUntilNewFrameworkIsGiven() throws Exception {
        Path workDir = dir.resolve("pacer");
        try (PacerProcess first = PacerProcess.start(workDir)) {
            first.send("POST", "/v2/apps", app("/crash/orphaned", "exec sleep 1103"));
            first.awaitTasks("/crash/orphaned", PacerProcess.running(3), Duration.ofSeconds(60));
        }
        java.nio.file.Files.delete(workDir.resolve("state").resolve("framework-id"));

        Process refused = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("pacer.jar"), "--http-port", "0", "--work-dir", workDir.toString()).redirectErrorStream(true).start();
        String output = new String(refused.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(refused.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("pacer: the state holds 1 app(s)").contains("no framework id").contains("--new-framework");

        try (PacerProcess anew = PacerProcess.start(workDir, "--new-framework")) {
            anew.awaitTasks("/crash/orphaned", PacerProcess.running(3), Duration.ofSeconds(60));
            assertThat(anew.get("/v2/info").get("frameworkId").asText()).as("registered anew").isNotEmpty();
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    private static String app(String id, String cmd) {
        return "{\"id\": \"" + id + "\", \"cmd\": \"" + cmd + "\", \"cpus\": 0.1, \"mem\": 16, \"instances\": 3}";
    }


    private static long processes(String commandLine) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(commandLine)).count();
    }

    private static void awaitProcesses(String commandLine, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (processes(commandLine) != count && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(processes(commandLine)).isEqualTo(count);
    }
}
