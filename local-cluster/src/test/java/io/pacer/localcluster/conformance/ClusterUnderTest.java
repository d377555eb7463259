package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.localcluster.LocalCluster;
import io.pacer.localcluster.LocalClusterConfig;
import io.pacer.localcluster.resources.ResourceSpec;
import io.pacer.localcluster.testexecutor.TestExecutor;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The cluster a conformance test drives: a {@link LocalCluster} with short timings, started per test, or, with
 * {@code -Dpacer.conformance.master=http://HOST:5050}, a Mesos master running elsewhere on this machine. Tests only
 * use the master's address. Tests tagged {@value #LOCAL_ONLY} configure or restart the cluster, or depend on
 * timings a Mesos master does not let one set (its 15 s heartbeat); exclude them with
 * {@code -DexcludedGroups=local-cluster-only} against a real Mesos, whose agent must then run with
 * {@code --resources='cpus:2;mem:1024;disk:2000;ports:[31000-31009]' --executor_shutdown_grace_period=1500ms}.
 */
final class ClusterUnderTest implements AutoCloseable {
    static final String LOCAL_ONLY = "local-cluster-only";
    private static final Optional<URI> EXTERNAL = Optional.ofNullable(System.getProperty("pacer.conformance.master")).map(URI::create);

    static final Duration HEARTBEAT = Duration.ofMillis(300);
    static final Duration UPDATE_RETRY = Duration.ofMillis(300);
    static final Duration GRACE = Duration.ofMillis(1500);

    private final LocalClusterConfig config;
    private LocalCluster cluster;

    private ClusterUnderTest(LocalClusterConfig config, LocalCluster cluster) {
        this.config = config;
        this.cluster = cluster;
    }

    /** A cluster with the suite's standard settings, or the external master. */
    static ClusterUnderTest start(Path workDir) throws Exception {
        if (EXTERNAL.isPresent()) {
            return new ClusterUnderTest(null, null);
        }
        return start(config(workDir));
    }

    static LocalClusterConfig config(Path workDir) {
        return LocalClusterConfig.defaults(workDir)
                .withPort(0)
                .withAgents(1, ResourceSpec.parse("cpus:2;mem:1024;disk:2000;ports:[31000-31009]"))
                .withMasterTimings(HEARTBEAT, Duration.ofMillis(200), Optional.empty())
                .withStatusUpdateRetry(UPDATE_RETRY, Duration.ofSeconds(2))
                .withExecutorTimings(Duration.ofSeconds(20), Duration.ofSeconds(3), GRACE);
    }

    /** A local cluster with other settings; for tests tagged {@value #LOCAL_ONLY}. */
    static ClusterUnderTest start(LocalClusterConfig config) throws Exception {
        requireLocal();
        return new ClusterUnderTest(config, LocalCluster.start(config));
    }

    /**
     * Stops the cluster as a crashing agent would, leaving checkpointing frameworks' executors running, and starts
     * it again on the same work dir. The master comes back on a new port.
     */
    void restart() throws Exception {
        requireLocal();
        cluster.closeKeepingCheckpointedExecutors();
        cluster = LocalCluster.start(config);
    }

    URI master() {
        return EXTERNAL.orElseGet(() -> cluster.masterUri());
    }

    private static void requireLocal() {
        if (EXTERNAL.isPresent()) {
            throw new IllegalStateException("this test configures or restarts the local cluster; exclude the " + LOCAL_ONLY
                    + " group when pointing the suite at " + EXTERNAL.get());
        }
    }

    /** Stops the cluster and checks that no executor it started outlives it. */
    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
        assertNoExecutorProcessLeft();
    }

    static void assertNoExecutorProcessLeft() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<ProcessHandle> left;
        do {
            left = testExecutors();
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        assertThat(left).as("executor processes left behind").isEmpty();
    }

    /**
     * The test executors running on this machine, found by their class name in /proc/PID/cmdline, read whole: the
     * JDK's {@code ProcessHandle.Info.commandLine()} cuts a long command line (the test class path) before the name.
     */
    static List<ProcessHandle> testExecutors() {
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"), StandardCharsets.ISO_8859_1)
                        .contains(TestExecutor.class.getName());
            } catch (IOException | RuntimeException gone) {
                return false;
            }
        }).toList();
    }
}
