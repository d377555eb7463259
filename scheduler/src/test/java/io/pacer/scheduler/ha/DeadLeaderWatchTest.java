package io.pacer.scheduler.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.scheduler.store.LoopbackZooKeeper;
import io.pacer.scheduler.store.ZooKeeperSettings;
import io.pacer.scheduler.store.ZooKeeperStore;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A standby removes the election node of a leader whose port refuses connections, and only then. */
class DeadLeaderWatchTest {
    private static final String ELECTION = "/pacer/leader";
    @TempDir
    Path dir;
    private LoopbackZooKeeper zooKeeper;
    private ZooKeeperStore leaderSession;
    private ZooKeeperStore standbySession;

    @BeforeEach
    void start() throws Exception {
        zooKeeper = new LoopbackZooKeeper(dir);
        leaderSession = new ZooKeeperStore(ZooKeeperSettings.of(zooKeeper.connectString(), "/pacer/state"));
        standbySession = new ZooKeeperStore(ZooKeeperSettings.of(zooKeeper.connectString(), "/pacer/state"));
    }

    @AfterEach
    void stop() throws Exception {
        standbySession.close();
        leaderSession.close();
        zooKeeper.close();
    }

    @Test
    void aLeaderWhosePortRefusesConnectionsLosesItsNode() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String node = leaderNode("127.0.0.1:" + closedPort);

        try (DeadLeaderWatch watch = new DeadLeaderWatch(standbySession.curator(), ELECTION, "127.0.0.1:1", () -> false)) {
            watch.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (leaderSession.curator().checkExists().forPath(node) != null) {
                assertThat(System.nanoTime()).as("the dead leader's node removed within 20 s").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aLeaderThatAcceptsConnectionsKeepsItsNode() throws Exception {
        try (ServerSocket listening = new ServerSocket(0);
             DeadLeaderWatch watch = new DeadLeaderWatch(standbySession.curator(), ELECTION, "127.0.0.1:1", () -> false)) {
            String node = leaderNode("127.0.0.1:" + listening.getLocalPort());
            watch.start();
            Thread.sleep(DeadLeaderWatch.EVERY.multipliedBy(DeadLeaderWatch.REFUSALS * 3L).toMillis());
            assertThat(leaderSession.curator().checkExists().forPath(node)).isNotNull();
        }
    }

    /** An election node as Curator's LeaderLatch makes it, holding the leader's host:port. */
    private String leaderNode(String hostPort) throws Exception {
        return leaderSession.curator().create().creatingParentsIfNeeded().withProtection().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(ELECTION + "/latch-", hostPort.getBytes(StandardCharsets.UTF_8));
    }
}
