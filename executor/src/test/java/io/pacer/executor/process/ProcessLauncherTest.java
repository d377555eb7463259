package io.pacer.executor.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.executor.Eventually;
import io.pacer.executor.LiveProcesses;
import io.pacer.executor.spec.LogRotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLauncherTest {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "GREETING", "hello");

    @TempDir
    Path sandbox;

    private final LogRotator rotator = new LogRotator(Duration.ofMillis(50));
    private final ProcessLauncher launcher = new ProcessLauncher(rotator);
    private final List<RunningProcess> started = new ArrayList<>();

    @AfterEach
    void nothingIsLeftBehind() {
        rotator.close();
        for (RunningProcess p : started) {
            assertThat(p.group().members()).as("session %d", p.group().sessionId()).isEmpty();
        }
    }

    private RunningProcess launch(String... argv) throws Exception {
        RunningProcess p = launcher.launch(List.of(argv), sandbox, ENV, LogRotation.DEFAULT);
        started.add(p);
        return p;
    }

    @Test
    void aShellCommandRunsInTheSandboxWithExactlyItsEnvironmentAndItsOutputInFiles() throws Exception {
        RunningProcess p = launch("/bin/sh", "-c", "echo \"$GREETING from $(pwd)\"; echo oops >&2; env | grep -c ^JAVA_HOME=");

        p.leaderExit().get();
        ExitStatus status = p.finish();

        assertThat(status.succeeded()).as("grep -c found no JAVA_HOME, so it exits 1").isFalse();
        assertThat(status.describe()).isEqualTo("exited with status 1");
        assertThat(Files.readString(sandbox.resolve("stdout"))).isEqualTo("hello from " + sandbox.toRealPath() + "\n0\n");
        assertThat(Files.readString(sandbox.resolve("stderr"))).isEqualTo("oops\n");
    }

    @Test
    void argsRunWithoutAShellAndTheProcessLeadsItsOwnSession() throws Exception {
        RunningProcess p = launch("/bin/cat", "/proc/self/stat");

        p.leaderExit().get();
        assertThat(p.finish()).isEqualTo(new ExitStatus(0));

        String stat = Files.readString(sandbox.resolve("stdout"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertThat(fields[2]).as("process group").isEqualTo(String.valueOf(p.pid()));
        assertThat(fields[3]).as("session").isEqualTo(String.valueOf(p.pid()));
    }

    @Test
    void stopEscalatesToSigkillForATreeThatIgnoresSigtermAndLeavesNoProcess() throws Exception {
        Path pids = sandbox.resolve("pids");
        // Children inherit the ignored SIGTERM; one of them even moves to a process group of its own.
        RunningProcess p = launch("/bin/sh", "-c", "trap '' TERM; sleep 60 & a=$!; "
                + "perl -e 'setpgrp(0,0); sleep 62' & b=$!; "
                + "echo \"$a $b\" > pids.tmp; mv pids.tmp pids; wait");
        Eventually.await("the children's pids", Duration.ofSeconds(5), () -> Files.exists(pids));
        List<Long> children = Arrays.stream(readQuietly(pids).trim().split(" ")).map(Long::parseLong).toList();
        Eventually.await("all members started", Duration.ofSeconds(5), () -> p.group().members().containsAll(children));

        long start = System.nanoTime();
        ExitStatus status = p.stop(Duration.ofMillis(400));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(status.describe()).isEqualTo("terminated with signal SIGKILL (status 137)");
        assertThat(p.group().members()).isEmpty();
        for (long child : children) {
            assertThat(LiveProcesses.isRunning(child)).as("child %d", child).isFalse();
        }
    }

    @Test
    void aProcessThatHonoursSigtermStopsBeforeTheGracePeriodEnds() throws Exception {
        RunningProcess p = launch("/bin/sleep", "60");
        Eventually.await("sleep running", Duration.ofSeconds(5), () -> p.group().members().contains(p.pid()));

        long start = System.nanoTime();
        ExitStatus status = p.stop(Duration.ofSeconds(20));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(status.describe()).isEqualTo("terminated with signal SIGTERM (status 143)");
    }

    @Test
    void whatTheLeaderLeavesBehindIsKilledWhenItExits() throws Exception {
        RunningProcess p = launch("/bin/sh", "-c", "sleep 60 >/dev/null 2>&1 & echo $! > orphan.tmp; mv orphan.tmp orphan; exit 0");
        p.leaderExit().get();
        long orphan = Long.parseLong(readQuietly(sandbox.resolve("orphan")).trim());

        assertThat(p.finish().succeeded()).isTrue();
        assertThat(LiveProcesses.isRunning(orphan)).isFalse();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
