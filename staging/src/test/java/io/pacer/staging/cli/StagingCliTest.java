package io.pacer.staging.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.security.MessageDigest;

import static org.assertj.core.api.Assertions.assertThat;

class StagingCliTest {

    @TempDir
    Path temp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpExplainsEveryOption() {
        assertThat(run(false, "--help")).isEqualTo(StagingCli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--into DIR", "--cache DIR", "--sha256 HEX",
                "--no-extract", "--executable", "--output-file NAME", "--help", "Exit status");
        assertThat(run(false, "fetch", "--help")).isEqualTo(StagingCli.OK);
    }

    @Test
    void aBadFlagIsOneLineAndExitTwo() {
        assertThat(run(false, "fetch", "--into", temp.toString(), "--bogus", "/x")).isEqualTo(StagingCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("pacer-staging: unknown option --bogus (see --help)"
                + System.lineSeparator());
        err.reset();
        assertThat(run(false, "fetch", "/x")).isEqualTo(StagingCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--into DIR is required");
        err.reset();
        assertThat(run(false, "fetch", "--into", temp.toString(), "ftp://example.com/x")).isEqualTo(StagingCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unsupported URI scheme 'ftp'");
    }

    @Test
    void fetchesSeveralUrisAndReportsEachFailureOnItsOwnLine() throws Exception {
        Path a = Files.writeString(temp.resolve("a.txt"), "alpha");
        Path into = temp.resolve("sandbox");

        int status = run(false, "fetch", "--into", into.toString(), a.toString(), temp.resolve("missing1").toString(),
                temp.resolve("missing2").toString());

        assertThat(status).isEqualTo(StagingCli.FAILED);
        assertThat(into.resolve("a.txt")).hasContent("alpha");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(a.toUri() + " -> " + into.resolve("a.txt"));
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "pacer-staging: no such file: " + temp.resolve("missing1").toUri(),
                "pacer-staging: no such file: " + temp.resolve("missing2").toUri());
    }

    @Test
    void appliesShaOutputFileExecutableAndCache() throws Exception {
        Path tool = Files.writeString(temp.resolve("tool.sh"), "#!/bin/sh\n");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(tool)));
        Path into = temp.resolve("sandbox");

        int status = run(true, "fetch", "--into", into.toString(), "--cache", temp.resolve("cache").toString(),
                "--sha256", sha, "--executable", "--output-file", "bin/tool", tool.toString());

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(StagingCli.OK);
        assertThat(Files.isExecutable(into.resolve("bin/tool"))).isTrue();
        assertThat(temp.resolve("cache/entries")).isNotEmptyDirectory();
        // a terminal gets the bar, drawn in place with carriage returns
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\rtool [", "100%");
        out.reset();

        assertThat(run(false, "fetch", "--into", into.toString(), "--sha256", "0".repeat(64), tool.toString()))
                .isEqualTo(StagingCli.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("pacer-staging: sha256 mismatch for "
                + tool.toUri() + ": expected 000");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
    }

    private int run(boolean terminal, String... args) {
        return StagingCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal);
    }
}
