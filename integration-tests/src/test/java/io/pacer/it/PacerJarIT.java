package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the built pacer.jar as a user would, in a process of its own. */
class PacerJarIT {
    private static final Path JAR = Path.of(System.getProperty("pacer.jar"));

    @Test
    void printsItsVersion() throws Exception {
        Result r = run("--version");
        assertThat(r.exit).isZero();
        assertThat(r.out.strip()).isEqualTo("Pacer " + System.getProperty("pacer.version"));
    }

    @Test
    void helpDescribesEveryOption() throws Exception {
        Result r = run("--help");
        assertThat(r.exit).isZero();
        assertThat(r.out).contains("--master", "--http-port", "--work-dir", "--executor-uri", "--version", "--help");
    }

    @Test
    void anUnknownFlagGivesOneClearLineAndExitCode2() throws Exception {
        Result r = run("--bogus");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err.strip()).isEqualTo("pacer: unknown option '--bogus' (see --help)");
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("pacer.jar exits").isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
