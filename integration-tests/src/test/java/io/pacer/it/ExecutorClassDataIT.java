package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executors that pacer.jar starts on its embedded cluster use the class data archive built for their jar
 * (docs/executor.md, "Class data sharing"): the agent fetches it beside the jar, the command gives the jar's copy the
 * archive's modification time, and the JVM keeps the archive mapped (it unmaps one it refuses).
 */
class ExecutorClassDataIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void anExecutorMapsTheArchiveMadeForItsJar() throws Exception {
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"))) {
            pacer.send("POST", "/v2/apps", "{\"id\": \"/cds/app\", \"cmd\": \"exec sleep 1202\", \"cpus\": 0.1, \"mem\": 16}");
            pacer.awaitTasks("/cds/app", PacerProcess.running(1), WAIT);

            ProcessHandle executor = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains("-jar pacer-executor.jar"))
                    .filter(p -> LeftoverProcesses.under(dir).stream().anyMatch(l -> l.startsWith(p.pid() + " ")))
                    .findFirst().orElseThrow(() -> new AssertionError("no executor process under " + dir));
            Path sandbox = Files.readSymbolicLink(Path.of("/proc", Long.toString(executor.pid()), "cwd"));

            assertThat(executor.info().commandLine().orElseThrow()).contains("-XX:SharedArchiveFile=pacer-executor.jsa");
            assertThat(Files.readString(Path.of("/proc", Long.toString(executor.pid()), "maps")))
                    .as("the JVM keeps the archive mapped only when it accepted it")
                    .contains(sandbox.resolve("pacer-executor.jsa").toString());
            assertThat(Files.getLastModifiedTime(sandbox.resolve("pacer-executor.jar")))
                    .isEqualTo(FileTime.from(Instant.parse("2010-01-01T00:00:00Z")));
            assertThat(Files.readString(sandbox.resolve("stderr"))).doesNotContain("[cds");
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }
}
