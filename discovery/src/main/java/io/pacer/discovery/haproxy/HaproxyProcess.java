package io.pacer.discovery.haproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HAProxy of discovery's own, in master-worker mode ({@code -W}), with its config, sockets and log in a folder of
 * its own: a config is checked with {@code haproxy -c} before it is used; a reload (SIGUSR2 to the master) starts a
 * new worker that takes the listening sockets over from the old one, which finishes its connections and exits, so
 * no connection is refused or cut; the runtime API (admin socket) changes servers without any reload.
 */
final class HaproxyProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HaproxyProcess.class);
    private static final Duration READY = Duration.ofSeconds(10);

    private final Path binary;
    private final Path dir;
    private final Path config;
    private Process master;
    private String workerPid = "";

    HaproxyProcess(Path binary, Path dir) throws IOException {
        if (!Files.isExecutable(binary)) {
            throw new IOException("no HAProxy at " + binary + ": install it (Debian: apt-get install haproxy) or pass --haproxy-bin");
        }
        this.binary = binary;
        this.dir = Files.createDirectories(dir);
        this.config = dir.resolve("haproxy.cfg");
    }

    Path adminSocket() {
        return dir.resolve("admin.sock");
    }

    Path configFile() {
        return config;
    }

    /** Checks {@code text} with {@code haproxy -c}, then makes it the config and starts or reloads HAProxy with it. */
    void apply(String text) throws IOException, InterruptedException {
        Path candidate = dir.resolve("haproxy.cfg.new");
        Files.writeString(candidate, text);
        Process check = new ProcessBuilder(binary.toString(), "-c", "-q", "-f", candidate.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (check.waitFor() != 0) {
            throw new IOException("haproxy -c refused the new config (the running one is kept): " + output.strip());
        }
        Files.move(candidate, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (master == null || !master.isAlive()) {
            start();
        } else {
            reload();
        }
    }

    private void start() throws IOException, InterruptedException {
        Files.deleteIfExists(adminSocket());
        master = new ProcessBuilder(binary.toString(), "-W", "-S", dir.resolve("master.sock").toString(), "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("haproxy.log").toFile())).start();
        workerPid = awaitNewWorker("");
        LOG.info("HAProxy started (master {}, worker {}), config {}", master.pid(), workerPid, config);
    }

    private void reload() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-USR2", Long.toString(master.pid())).start().waitFor();
        workerPid = awaitNewWorker(workerPid);
        LOG.info("HAProxy reloaded seamlessly (worker {})", workerPid);
    }

    /** Waits until a worker other than {@code old} answers on the admin socket; answers its pid. */
    private String awaitNewWorker(String old) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) {
                throw new IOException("HAProxy exited (" + master.exitValue() + "); see " + dir.resolve("haproxy.log"));
            }
            try {
                String pid = command("show info").lines().filter(l -> l.startsWith("Pid: ")).map(l -> l.substring(5).trim())
                        .findFirst().orElse("");
                if (!pid.isEmpty() && !pid.equals(old)) {
                    return pid;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(20);
        }
        throw new IOException("HAProxy's worker did not answer on " + adminSocket() + " within " + READY.toSeconds() + " s", last);
    }

    /** Runs runtime-API commands (one connection, {@code ;}-separated); answers HAProxy's output. */
    String command(List<String> commands) throws IOException {
        return command(String.join("; ", commands));
    }

    private String command(String line) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(adminSocket()));
            channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = Channels.newInputStream(channel)) {
                in.transferTo(out);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    boolean running() {
        return master != null && master.isAlive();
    }

    /** Stops HAProxy at once (SIGTERM to the master, which stops its workers). */
    @Override
    public void close() {
        if (master == null) {
            return;
        }
        master.destroy();
        try {
            if (!master.waitFor(10, TimeUnit.SECONDS)) {
                master.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
