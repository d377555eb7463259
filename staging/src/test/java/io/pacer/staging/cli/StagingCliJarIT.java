package io.pacer.staging.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real {@code pacer-staging.jar}, run as a process the way a person runs it. */
class StagingCliJarIT {

    private static final Path JAR = Path.of("target/pacer-staging.jar");

    @TempDir
    Path temp;

    private record Run(int status, String out, String err) {
    }

    @Test
    void helpExitsZero() throws Exception {
        Run run = run("--help");

        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("Usage: pacer-staging fetch --into DIR");
    }

    @Test
    void aBadFlagPrintsOneLineAndExitsTwo() throws Exception {
        Run run = run("fetch", "--nope");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly("pacer-staging: unknown option --nope (see --help)");
    }

    @Test
    void stagesAnArchiveAndReportsAMissingOneOnStderr() throws Exception {
        Path archive = Files.createDirectories(temp.resolve("src")).resolve("a.zip");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(archive))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("inside/hello.txt"));
            zip.write("hello".getBytes());
        }
        Path into = temp.resolve("sandbox");

        Run run = run("fetch", "--into", into.toString(), "--cache", temp.resolve("cache").toString(),
                archive.toString(), temp.resolve("src/missing.tar.gz").toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(into.resolve("inside/hello.txt")).hasContent("hello");
        assertThat(run.err().lines()).containsExactly(
                "pacer-staging: no such file: " + temp.resolve("src/missing.tar.gz").toUri());
        assertThat(run.out()).doesNotContain("\r"); // not a terminal: no progress bar
    }

    private Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = temp.resolve("out.txt");
        Path err = temp.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the jar did not finish in 60 s");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
