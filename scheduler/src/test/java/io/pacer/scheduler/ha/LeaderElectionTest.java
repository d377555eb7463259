package io.pacer.scheduler.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.scheduler.store.LoopbackZooKeeper;
import io.pacer.scheduler.store.ZooKeeperSettings;
import io.pacer.scheduler.store.ZooKeeperStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two elections on one real ZooKeeper server: one leads, abdication hands over, leaving hands over. */
class LeaderElectionTest {
    @TempDir
    java.nio.file.Path dir;
    private LoopbackZooKeeper zooKeeper;
    private ZooKeeperStore first;
    private ZooKeeperStore second;

    @BeforeEach
    void start() throws Exception {
        zooKeeper = new LoopbackZooKeeper(dir);
        first = new ZooKeeperStore(ZooKeeperSettings.of(zooKeeper.connectString(), "/pacer/state"));
        second = new ZooKeeperStore(ZooKeeperSettings.of(zooKeeper.connectString(), "/pacer/state"));
    }

    @AfterEach
    void stop() throws Exception {
        first.close();
        second.close();
        zooKeeper.close();
    }

    @Test
    void oneLeadsAndAbdicationOrLeavingHandsLeadershipToTheOther() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        try (LeaderElection one = new LeaderElection(first.curator(), "/pacer/leader", "a:8080", a);
             LeaderElection two = new LeaderElection(second.curator(), "/pacer/leader", "b:8080", b)) {
            one.start();
            await(() -> one.isLeader());
            two.start();
            await(() -> two.leader().equals(Optional.of("a:8080")));
            assertThat(two.isLeader()).isFalse();
            assertThat(a.events).containsExactly("elected");
            assertThat(one.leaderNode()).hasValueSatisfying(node -> assertThat(node).startsWith("/pacer/leader/"));

            one.abdicate();
            await(() -> two.isLeader());
            assertThat(a.events).containsExactly("elected", "deposed");
            assertThat(b.events).containsExactly("elected");
            assertThat(one.leader()).contains("b:8080");

            two.close();
            await(() -> one.isLeader());
            assertThat(b.events).containsExactly("elected", "deposed");
            assertThat(a.events).containsExactly("elected", "deposed", "elected");
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static final class Recorder implements LeaderElection.Listener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void elected(String electionNode) {
            events.add("elected");
        }

        @Override
        public void deposed() {
            events.add("deposed");
        }
    }
}
