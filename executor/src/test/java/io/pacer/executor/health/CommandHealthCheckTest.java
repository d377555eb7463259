package io.pacer.executor.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.executor.LiveProcesses;
import io.pacer.executor.process.LogRotator;
import io.pacer.executor.process.ProcessLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandHealthCheckTest {
    @TempDir
    Path sandbox;

    final ExecutorService waiter = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        waiter.shutdownNow();
    }

    ProbeOutcome run(String command, Optional<Duration> timeout) throws Exception {
        return new CommandHealthCheck(new ProcessLauncher(new LogRotator(Duration.ofSeconds(1))), List.of("/bin/sh", "-c", command), sandbox,
                Map.of("PATH", "/usr/bin:/bin", "READY_FILE", "ready"), waiter).check(timeout).get();
    }

    @Test
    void runsInTheSandboxWithTheTasksEnvironment() throws Exception {
        assertThat(run("test -f \"$READY_FILE\"", Optional.empty())).isEqualTo(ProbeOutcome.unhealthy("command exited with status 1"));
        Files.writeString(sandbox.resolve("ready"), "");
        assertThat(run("test -f \"$READY_FILE\"", Optional.empty())).isEqualTo(ProbeOutcome.healthy("exit status 0"));
    }

    @Test
    void aTimeoutKillsTheChecksWholeProcessTree() throws Exception {
        long start = System.nanoTime();
        ProbeOutcome outcome = run("trap '' TERM; sleep 60 & echo $! > child; wait", Optional.of(Duration.ofMillis(300)));

        assertThat(outcome).isEqualTo(ProbeOutcome.unhealthy("timed out after 300 ms"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        long child = Long.parseLong(Files.readString(sandbox.resolve("child")).trim());
        assertThat(LiveProcesses.isRunning(child)).isFalse();
    }
}
