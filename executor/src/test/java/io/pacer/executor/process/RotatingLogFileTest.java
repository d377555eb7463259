package io.pacer.executor.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.executor.spec.LogRotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogFileTest {
    @TempDir
    Path dir;

    @Test
    void rotatesAtTheLimitAndKeepsOnlyTheNewestFiles() throws Exception {
        Path file = dir.resolve("stdout");
        try (RotatingLogFile log = new RotatingLogFile(file, new LogRotation(1024, 2))) {
            for (char c = 'a'; c <= 'e'; c++) {
                byte[] kib = String.valueOf(c).repeat(1024).getBytes(StandardCharsets.US_ASCII);
                log.write(kib, 0, 1000);
                log.write(kib, 1000, 24);
            }
            log.write("tail".getBytes(StandardCharsets.US_ASCII), 0, 4);
        }

        assertThat(Files.readString(file)).isEqualTo("tail");
        assertThat(Files.readString(dir.resolve("stdout.1"))).isEqualTo("e".repeat(1024));
        assertThat(Files.readString(dir.resolve("stdout.2"))).isEqualTo("d".repeat(1024));
        assertThat(dir.resolve("stdout.3")).doesNotExist();
    }

    @Test
    void aWriteLargerThanTheLimitIsSplitAcrossFilesAndAppendingContinuesAnExistingFile() throws Exception {
        Path file = dir.resolve("stderr");
        Files.writeString(file, "x".repeat(1000));
        try (RotatingLogFile log = new RotatingLogFile(file, new LogRotation(1024, 1))) {
            byte[] big = "y".repeat(1100).getBytes(StandardCharsets.US_ASCII);
            log.write(big, 0, big.length);
        }

        assertThat(Files.readString(dir.resolve("stderr.1"))).isEqualTo("y".repeat(1024));
        assertThat(Files.readString(file)).isEqualTo("y".repeat(52));
        assertThat(dir.resolve("stderr.2")).doesNotExist();
    }
}
