package io.pacer.executor.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacer.executor.Eventually;
import io.pacer.executor.LiveProcesses;
import io.pacer.executor.spec.LogRotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweeper and the task mark with real processes: a task whose leader forked a child and double-forked a daemon
 * into a session of its own (each writes its pid to a file, so that the test knows them).
 */
class OrphanSweeperTest {
    /** The leader, a forked child and a setsid'd grandchild whose parent exits at once (a daemon's double fork). */
    private static final String FAMILY = "sleep 3601 & echo $! > child.pid; "
            + "setsid sh -c 'sleep 3602 & echo $! > daemon.pid' & "
            + "echo $$ > leader.pid; exec sleep 3603";

    @TempDir
    Path sandbox;

    private final String run = UUID.randomUUID().toString();
    private final LogRotator rotator = new LogRotator(Duration.ofMillis(50));
    private final ProcessLauncher launcher = new ProcessLauncher(rotator);
    private final List<Long> pids = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        rotator.close();
    }

    @Test
    void whenTheExecutorEndsItsSweeperKillsEveryMarkedProcessAndNothingElse() throws Exception {
        OrphanSweeper sweeper = OrphanSweeper.start(run);
        Path other = Files.createDirectories(sandbox.resolve("other"));
        launch(sandbox, new ProcessMark(run, "task.1"));
        launch(other, new ProcessMark(UUID.randomUUID().toString(), "task.1")); // another executor's task
        List<Long> family = family(sandbox);
        List<Long> stranger = family(other);

        sweeper.close(); // what the kernel does to the pipe when the JVM dies

        Eventually.await("the marked processes end", Duration.ofSeconds(10), () -> family.stream().noneMatch(LiveProcesses::isRunning));
        assertThat(stranger).as("processes of another executor's tasks").allMatch(LiveProcesses::isRunning);
    }

    @Test
    void stoppingATaskEndsTheDaemonItDoubleForkedIntoASessionOfItsOwn() throws Exception {
        RunningProcess task = launch(sandbox, new ProcessMark(run, "task.2"));
        List<Long> family = family(sandbox);
        long daemon = family.get(2);
        assertThat(sessionOf(daemon)).as("the daemon left the task's session").isNotEqualTo(task.group().sessionId());
        assertThat(task.group().members()).containsAll(family);

        task.stop(Duration.ofSeconds(5));

        assertThat(family).noneMatch(LiveProcesses::isRunning);
    }

    @Test
    void aCommandCheckCarryingItsTasksMarkEndsWithoutEndingTheTask() throws Exception {
        ProcessMark mark = new ProcessMark(run, "task.3");
        RunningProcess task = launch(sandbox, mark);
        List<Long> family = family(sandbox);
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", ProcessMark.VARIABLE, mark.value());

        RunningProcess check = launcher.launchQuiet(List.of("/bin/sh", "-c", "exit 0"), sandbox, env);
        check.leaderExit().get();
        check.finish();

        assertThat(family).allMatch(LiveProcesses::isRunning);
        task.stop(Duration.ofSeconds(5));
    }

    @Test
    void containerLabelsThatAShellWouldSplitOrQuoteAreRefused() throws Exception {
        OrphanSweeper sweeper = OrphanSweeper.start(run);
        try {
            assertThatThrownBy(() -> sweeper.removeContainersOnDeath(Map.of("io.pacer.executor-id", "a b")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("a label the sweeper cannot pass on: io.pacer.executor-id=a b");
            assertThatThrownBy(() -> sweeper.removeContainersOnDeath(Map.of("io.pacer.executor-id", "x';rm")))
                    .isInstanceOf(IllegalArgumentException.class);
            sweeper.removeContainersOnDeath(Map.of("io.pacer.executor-id", "pacer.web.9a78cd14bbe6", "io.pacer.framework-id", "5dcf-0000"));
        } finally {
            sweeper.close();
        }
    }

    private RunningProcess launch(Path dir, ProcessMark mark) throws Exception {
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", ProcessMark.VARIABLE, mark.value());
        RunningProcess process = launcher.launch(List.of("/bin/sh", "-c", FAMILY), dir, env, LogRotation.DEFAULT);
        pids.add(process.pid());
        return process;
    }

    /** The leader, its child and the daemon, once all three wrote their pid. */
    private List<Long> family(Path dir) throws Exception {
        List<Long> family = new ArrayList<>();
        for (String name : List.of("leader.pid", "child.pid", "daemon.pid")) {
            Path file = dir.resolve(name);
            Eventually.await(name + " is written", Duration.ofSeconds(10), () -> file.toFile().length() > 0);
            long pid = Long.parseLong(Files.readString(file).strip());
            pids.add(pid);
            family.add(pid);
        }
        Eventually.await("the family runs", Duration.ofSeconds(10), () -> family.stream().allMatch(LiveProcesses::isRunning));
        return family;
    }

    private static long sessionOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }
}
