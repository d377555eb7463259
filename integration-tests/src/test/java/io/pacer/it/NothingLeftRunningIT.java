package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What real Mesos showed (issue 21): no task outlives its executor where the executor cannot give it a cgroup (the
 * posix launcher), and a Pacer stopped with kills still to send sends them before it exits.
 */
class NothingLeftRunningIT {
    /** A leader, a child it forked, and a daemon it double-forked into a session of its own. */
    private static final String FAMILY_CMD = "sleep 7701 & setsid sh -c 'sleep 7702 &'; exec sleep 7703";
    private static final List<String> FAMILY = List.of("sleep 7701", "sleep 7702", "sleep 7703");
    private static final Duration LAUNCH = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void underPosixIsolationATaskAndWhatItForkedDieWithItsKilledExecutorAndRunOnceAfterTheReplacement() throws Exception {
        Path workDir = dir.resolve("pacer");
        try (PacerProcess pacer = PacerProcess.start(workDir, "--local-isolation", "posix")) {
            post(pacer, "{\"id\": \"/posix/family\", \"cmd\": \"" + FAMILY_CMD + "\", \"cpus\": 0.1, \"mem\": 32}");
            String first = pacer.awaitTasks("/posix/family", PacerProcess.running(1), LAUNCH).get(0).get("id").asText();
            List<Long> before = awaitOnceEach(workDir);
            long executor = Poll.until(Duration.ofSeconds(10), () -> "the executor's process under " + workDir,
                    () -> processes(workDir, "pacer-executor.jar").stream().findFirst());

            ProcessHandle.of(executor).orElseThrow().destroyForcibly(); // kill -9
            long killedAt = System.nanoTime();

            Poll.until(Duration.ofSeconds(10), () -> "the task's processes " + before + " to end",
                    () -> before.stream().noneMatch(LeftoverProcesses::isRunning) ? Optional.of(true) : Optional.empty());
            Duration gone = Duration.ofNanos(System.nanoTime() - killedAt);
            System.out.println("NothingLeftRunningIT: the task's 3 processes gone " + gone.toMillis() + " ms after kill -9 of their executor");
            assertThat(gone).as("the task's processes end within 2 s of their executor's death").isLessThan(Duration.ofSeconds(2));

            JsonNode replacement = pacer.awaitTasks("/posix/family",
                    tasks -> PacerProcess.running(1).test(tasks) && !tasks.get(0).get("id").asText().equals(first), LAUNCH).get(0);
            List<Long> after = awaitOnceEach(workDir);
            Thread.sleep(2000); // a survivor or a second replacement would show by now
            assertThat(after).doesNotContainAnyElementsOf(before);
            for (String command : FAMILY) {
                assertThat(processes(workDir, command)).as("processes of '%s' under the agent's work dir", command).hasSize(1);
            }
            assertThat(pacer.tasks("/posix/family")).extracting(t -> t.get("id").asText()).containsExactly(replacement.get("id").asText());
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    void aPacerStoppedInsideTheDrainDelaySendsTheKillsItOwesToAnExternalMaster() throws Exception {
        try (LocalClusterProcess cluster = LocalClusterProcess.start(dir.resolve("cluster"))) {
            String[] ids;
            try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), "--master", cluster.masterUrl(),
                    "--kill-drain-delay", "30secs", "--executor-idle-timeout", "1secs")) {
                post(pacer, "{\"id\": \"/stop/owed\", \"cmd\": \"exec sleep 7801\", \"cpus\": 0.1, \"mem\": 32, \"instances\": 2}");
                JsonNode tasks = pacer.awaitTasks("/stop/owed", PacerProcess.running(2), LAUNCH);
                ids = new String[] {tasks.get(0).get("id").asText(), tasks.get(1).get("id").asText()};
                pacer.awaitDeployed("/stop/owed");
                assertThat(pacer.send("DELETE", "/v2/apps/stop/owed", null).statusCode()).isEqualTo(200);

                pacer.close(); // SIGTERM, 30 s before the drain delay would send the kills

                assertThat(pacer.tail()).contains("Stopping with 2 kill(s) announced and not yet sent",
                        "Sent the 2 kill(s) Pacer owed (2 with their drain delay cut short); Mesos accepted every call");
            }
            Poll.until(Duration.ofSeconds(30), () -> "the tasks' processes to end",
                    () -> processes(dir, "sleep 7801").isEmpty() ? Optional.of(true) : Optional.empty());
            for (String id : ids) {
                // the agent holds it: Mesos forwards a task's updates in order, and Pacer left before acknowledging
                // the TASK_KILLING before it
                cluster.awaitOutput("Status update TASK_KILLED of task " + id + " from executor", Duration.ofSeconds(30));
            }
            // the idle executor leaves after --executor-idle-timeout, not the default minute
            Poll.until(Duration.ofSeconds(20), () -> "the idle executor to leave",
                    () -> processes(dir, "pacer-executor.jar").isEmpty() ? Optional.of(true) : Optional.empty());
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    private static void post(PacerProcess pacer, String app) throws Exception {
        var response = pacer.send("POST", "/v2/apps", app);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** The pids of the family's three processes, once exactly one of each runs. */
    private static List<Long> awaitOnceEach(Path workDir) throws Exception {
        return Poll.until(Duration.ofSeconds(30), () -> "one process of each of " + FAMILY, () -> {
            List<Long> pids = new ArrayList<>();
            for (String command : FAMILY) {
                List<Long> found = processes(workDir, command);
                if (found.size() != 1) {
                    return Optional.empty();
                }
                pids.addAll(found);
            }
            return Optional.of(pids);
        });
    }

    /** Running (not zombie) processes whose command line contains {@code command}, started in or naming {@code folder}. */
    private static List<Long> processes(Path folder, String command) {
        return LeftoverProcesses.under(folder).stream().filter(p -> p.contains(command))
                .map(p -> Long.parseLong(p.substring(0, p.indexOf(' ')))).filter(LeftoverProcesses::isRunning).toList();
    }
}
