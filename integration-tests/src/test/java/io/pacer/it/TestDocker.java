package io.pacer.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    /** Ids of the containers, running or not, that carry the label {@code key=value}. */
    static List<String> containersLabelled(String key, String value) throws Exception {
        return containers("label=" + key + "=" + value);
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
