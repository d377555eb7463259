package io.pacer.localcluster.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSessionTest {
    @TempDir
    Path dir;

    @Test
    void killTakesChildrenThatStartedSessionsOfTheirOwn() throws Exception {
        // like an executor whose task runs in a session of its own: the child calls setsid, yet stays a child
        Path pidFile = dir.resolve("task.pid");
        ProcessSession executor = ProcessSession.start(new ProcessBuilder("sh", "-c",
                "setsid sh -c 'echo $$ > " + pidFile + "; exec sleep 300' & exec sleep 300"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
            assertThat(System.nanoTime()).as("the task started").isLessThan(deadline);
            Thread.sleep(20);
        }
        ProcessHandle task = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
        assertThat(executor.members()).as("the task is not in the executor's session").doesNotContain(task);

        executor.kill();

        assertThat(task.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(executor.onExit().get(10, TimeUnit.SECONDS)).isPresent();
        assertThat(executor.members()).isEqualTo(List.of());
    }
}
