package io.pacer.it;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Docker registry (Debian's docker-registry, which scripts/test installs) on 127.0.0.1, which the engine
 * reaches over plain HTTP without configuration (loopback registries are insecure-allowed by default).
 */
final class TestRegistry implements AutoCloseable {
    private final Process process;
    private final String address;

    private TestRegistry(Process process, String address) {
        this.process = process;
        this.address = address;
    }

    static TestRegistry start(Path dir) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path config = dir.resolve("registry.yml");
        Files.createDirectories(dir);
        Files.writeString(config, String.join("\n",
                "version: 0.1",
                "log:",
                "  level: warn",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + dir.resolve("data"),
                "http:",
                "  addr: 127.0.0.1:" + port,
                ""));
        Process process = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        TestRegistry registry = new TestRegistry(process, "127.0.0.1:" + port);
        registry.awaitReady(dir);
        return registry;
    }

    /** Where images are pushed and pulled: {@code 127.0.0.1:<port>}. */
    String address() {
        return address;
    }

    private void awaitReady(Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + address + "/v2/").toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("docker-registry did not come up at " + address + ": " + Files.readString(dir.resolve("registry.log")));
    }

    /** Stops the registry and removes the engine's images of it (names are per port, so they would pile up). */
    @Override
    public void close() throws Exception {
        String images = TestDocker.docker("images", "-q", "--no-trunc", "--filter", "reference=" + address + "/*/*");
        if (!images.isBlank()) {
            List<String> rmi = new ArrayList<>(List.of("rmi", "-f"));
            rmi.addAll(List.of(images.split("\\s+")));
            TestDocker.docker(rmi.toArray(String[]::new));
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
