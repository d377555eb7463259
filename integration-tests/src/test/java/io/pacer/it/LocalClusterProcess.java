package io.pacer.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** {@code java -jar pacer-local-cluster.jar} as a standalone master and agent, its output kept for the test. */
final class LocalClusterProcess implements AutoCloseable {
    private static final Pattern MASTER_URL = Pattern.compile("^(http://\\S+)$");
    private final Process process;
    private final Path log;
    private final String masterUrl;

    private LocalClusterProcess(Process process, Path log, String masterUrl) {
        this.process = process;
        this.log = log;
        this.masterUrl = masterUrl;
    }

    /** Started on a free port with {@code extraArgs}; returns once it printed its master's URL. */
    static LocalClusterProcess start(Path workDir, String... extraArgs) throws Exception {
        Files.createDirectories(workDir);
        Path log = workDir.resolve("local-cluster.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("pacer.local.cluster.jar"), "--work-dir", workDir.toString(), "--port", "0"));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            // it prints the master's URL once ready
            return new LocalClusterProcess(process, log, ProcessOutput.follow(process, log, MASTER_URL).announced().get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("pacer-local-cluster.jar did not start; its output:\n" + Files.readString(log), e);
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    void awaitOutput(String text, Duration within) throws Exception {
        Poll.until(within, () -> "\"" + text + "\" in the local cluster's output:\n" + Files.readString(log),
                () -> Files.readString(log).contains(text) ? Optional.of(true) : Optional.empty());
    }

    @Override
    public void close() throws Exception {
        process.toHandle().destroy(); // SIGTERM, keeping its output flowing (Process.destroy() closes it)
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("pacer-local-cluster.jar did not stop within 60 s of SIGTERM");
        }
    }
}
