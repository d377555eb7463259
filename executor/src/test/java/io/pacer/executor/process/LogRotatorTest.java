package io.pacer.executor.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.executor.Eventually;
import io.pacer.executor.spec.LogRotation;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRotatorTest {
    @TempDir
    Path dir;

    @Test
    void aFullFileIsCopiedAndTruncatedAndTheWriterGoesOnAtTheNewEnd() throws Exception {
        Path file = dir.resolve("stdout");
        try (LogRotator rotator = new LogRotator(Duration.ofHours(1)); // ticks driven by hand below
             FileOutputStream writer = new FileOutputStream(file.toFile(), true)) { // O_APPEND, as a task's stdout
            AutoCloseable watch = rotator.watch(file, new LogRotation(1024, 2));
            for (char c = 'a'; c <= 'd'; c++) {
                writer.write(String.valueOf(c).repeat(1500).getBytes(StandardCharsets.US_ASCII));
                rotator.rotateAll();
            }
            writer.write("tail".getBytes(StandardCharsets.US_ASCII));
            rotator.rotateAll();

            assertThat(Files.readString(file)).as("under the limit: not rotated").isEqualTo("tail");
            assertThat(Files.readString(dir.resolve("stdout.1"))).isEqualTo("d".repeat(1500));
            assertThat(Files.readString(dir.resolve("stdout.2"))).isEqualTo("c".repeat(1500));
            assertThat(dir.resolve("stdout.3")).doesNotExist();

            writer.write("x".repeat(2000).getBytes(StandardCharsets.US_ASCII));
            watch.close();
            assertThat(Files.readString(dir.resolve("stdout.1"))).as("a last check when the watch ends").isEqualTo("tail" + "x".repeat(2000));
            assertThat(Files.size(file)).isZero();
        }
    }

    @Test
    void withNoFilesToKeepAFullFileIsOnlyTruncated() throws Exception {
        Path file = dir.resolve("stderr");
        Files.writeString(file, "y".repeat(2048));
        try (LogRotator rotator = new LogRotator(Duration.ofHours(1))) {
            rotator.watch(file, new LogRotation(1024, 0));
            rotator.rotateAll();
        }
        assertThat(Files.size(file)).isZero();
        assertThat(dir.resolve("stderr.1")).doesNotExist();
    }

    @Test
    void aRunningTasksOutputIsRotatedOnTheTimer() throws Exception {
        try (LogRotator rotator = new LogRotator(Duration.ofMillis(20))) {
            RunningProcess p = new ProcessLauncher(rotator).launch(
                    List.of("/bin/sh", "-c", "head -c 3000 /dev/zero | tr '\\000' a; while [ ! -f stop ]; do sleep 0.02; done; echo done"),
                    dir, Map.of("PATH", "/usr/bin:/bin"), new LogRotation(1024, 1));
            Eventually.await("stdout rotated", Duration.ofSeconds(5), () -> Files.exists(dir.resolve("stdout.1")));
            Files.writeString(dir.resolve("stop"), "");
            p.leaderExit().get();
            p.finish();

            assertThat(Files.readString(dir.resolve("stdout.1"))).isEqualTo("a".repeat(3000));
            assertThat(Files.readString(dir.resolve("stdout"))).isEqualTo("done\n");
        }
    }
}
