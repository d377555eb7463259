package io.pacer.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The Docker engine the tests use (DOCKER_HOST, as scripts/test exports it), through the docker CLI. */
final class TestDocker {
    static final String TEST_IMAGE = "pacer-test/busybox:latest";

    private TestDocker() {
    }

    /** Builds the test image with scripts/test-image unless it is there; fails when there is no engine. */
    static void ensureTestImage() throws Exception {
        String version = docker("version", "--format", "{{.Server.Version}}");
        if (version.isBlank()) {
            throw new AssertionError("no Docker engine at " + System.getenv("DOCKER_HOST") + ": scripts/test starts one");
        }
        Process build = new ProcessBuilder(Path.of(System.getProperty("pacer.root"), "scripts", "test-image").toString(), TEST_IMAGE)
                .redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!build.waitFor(120, TimeUnit.SECONDS) || build.exitValue() != 0) {
            throw new AssertionError("scripts/test-image failed: " + output);
        }
    }

    /**
     * Makes {@code image} from the test image with one more layer, {@code /version} holding {@code version} plus
     * {@code blobBytes} random bytes (so that a pull has a layer of its own to fetch), and returns the image's id.
     */
    static String buildLayeredImage(String image, String version, int blobBytes) throws Exception {
        String builder = "pacer-image-build-" + System.nanoTime();
        docker("run", "--name", builder, TEST_IMAGE, "sh", "-c",
                "head -c " + blobBytes + " /dev/urandom > /blob && echo " + version + " > /version");
        try {
            docker("commit", builder, image);
        } finally {
            docker("rm", builder);
        }
        return docker("image", "inspect", "-f", "{{.Id}}", image);
    }

    /** Ids of the containers, running or not, that carry the label {@code key=value}. */
    static List<String> containersLabelled(String key, String value) throws Exception {
        return containers("label=" + key + "=" + value);
    }

    /**
     * Every container any Pacer executor made that is still there, running or not, after a few seconds' grace;
     * fails naming them, with the end of every executor's log under {@code workDir}, when there is one.
     */
    static void assertNoContainerLeft(Path workDir) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> left = containers("label=io.pacer.executor-id");
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            left = containers("label=io.pacer.executor-id");
        }
        if (!left.isEmpty()) {
            StringBuilder report = new StringBuilder("containers left after Pacer stopped:\n");
            for (String id : left) {
                report.append(docker("inspect", "-f", "{{.Name}} {{.State.Status}} {{json .Config.Labels}}", id)).append('\n');
            }
            try (Stream<Path> files = Files.walk(workDir)) {
                for (Path log : files.filter(f -> f.endsWith("stderr") && f.getParent().getParent().endsWith("runs")).toList()) {
                    List<String> lines = Files.readAllLines(log);
                    report.append("--- ").append(log).append('\n')
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()))).append('\n');
                }
            }
            throw new AssertionError(report.toString());
        }
    }

    private static List<String> containers(String filter) throws Exception {
        String ids = docker("ps", "-a", "-q", "--no-trunc", "--filter", filter);
        return ids.isBlank() ? List.of() : Arrays.asList(ids.split("\\s+"));
    }

    static String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("docker " + String.join(" ", args) + " failed: " + out);
        }
        return out.trim();
    }
}
