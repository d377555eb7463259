package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.localcluster.LocalCluster;
import io.pacer.localcluster.LocalClusterConfig;
import io.pacer.localcluster.resources.ResourceSpec;
import io.pacer.localcluster.testexecutor.TestExecutor;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The cluster a conformance test drives. By default a {@link LocalCluster} with short timings, started per test;
 * tests only use its master address, so that the suite can point at another Mesos-compatible master.
 */
final class ClusterUnderTest implements AutoCloseable {
    static final Duration HEARTBEAT = Duration.ofMillis(300);
    static final Duration UPDATE_RETRY = Duration.ofMillis(300);
    static final Duration GRACE = Duration.ofMillis(1500);

    private final LocalClusterConfig config;
    private LocalCluster cluster;

    private ClusterUnderTest(LocalClusterConfig config, LocalCluster cluster) {
        this.config = config;
        this.cluster = cluster;
    }

    static LocalClusterConfig config(Path workDir) {
        return LocalClusterConfig.defaults(workDir)
                .withPort(0)
                .withAgents(1, ResourceSpec.parse("cpus:2;mem:1024;disk:2000;ports:[31000-31009]"))
                .withMasterTimings(HEARTBEAT, Duration.ofMillis(200), Optional.empty())
                .withStatusUpdateRetry(UPDATE_RETRY, Duration.ofSeconds(2))
                .withExecutorTimings(Duration.ofSeconds(20), Duration.ofSeconds(3), GRACE);
    }

    static ClusterUnderTest start(LocalClusterConfig config) throws Exception {
        return new ClusterUnderTest(config, LocalCluster.start(config));
    }

    static ClusterUnderTest start(Path workDir) throws Exception {
        return start(config(workDir));
    }

    /**
     * Stops the cluster as a crashing agent would, leaving checkpointing frameworks' executors running, and starts
     * it again on the same work dir. The master comes back on a new port.
     */
    void restart() throws Exception {
        cluster.closeKeepingCheckpointedExecutors();
        cluster = LocalCluster.start(config);
    }

    URI master() {
        return cluster.masterUri();
    }

    LocalCluster local() {
        return cluster;
    }

    /** Stops the cluster and checks that no executor it started outlives it. */
    @Override
    public void close() {
        cluster.close();
        assertNoExecutorProcessLeft();
    }

    static void assertNoExecutorProcessLeft() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<ProcessHandle> left;
        do {
            left = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains(TestExecutor.class.getName()))
                    .toList();
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        assertThat(left).as("executor processes left behind").isEmpty();
    }
}
