package io.pacer.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader's view of the ZooKeeper store: writes and deletes go through only while its election node exists. */
class ZooKeeperFencingTest {
    @TempDir
    Path dir;
    private LoopbackZooKeeper zooKeeper;
    private ZooKeeperStore store;
    private String electionNode;

    @BeforeEach
    void start() throws Exception {
        zooKeeper = new LoopbackZooKeeper(dir);
        store = new ZooKeeperStore(ZooKeeperSettings.of(zooKeeper.connectString(), "/pacer/state"));
        electionNode = store.curator().create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath("/pacer/leader/latch-", new byte[0]);
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        zooKeeper.close();
    }

    @Test
    void theLeadersViewWritesReadsAndDeletesWhileItsElectionNodeExists() {
        StateStore leader = store.fencedBy(electionNode);

        leader.write("apps/web.json", bytes("v1"));
        leader.write("apps/web.json", bytes("v2"));
        leader.write("tasks/web/t1", bytes("intent"));
        leader.delete("tasks/web/t1");
        leader.delete("tasks/web/never-written");

        assertThat(leader.read("apps/web.json")).hasValue(bytes("v2"));
        assertThat(store.read("apps/web.json")).as("the same state, as any reader sees it").hasValue(bytes("v2"));
        assertThat(leader.keys("tasks/web")).isEmpty();
        assertThat(leader.keys("apps")).containsExactly("apps/web.json");
    }

    @Test
    void aDeposedLeaderChangesNothing() throws Exception {
        StateStore leader = store.fencedBy(electionNode);
        leader.write("apps/web.json", bytes("v1"));
        leader.write("apps/api.json", bytes("v1"));

        store.curator().delete().forPath(electionNode); // as when its session expires, or it abdicates

        assertThatThrownBy(() -> leader.write("apps/web.json", bytes("v2"))).isInstanceOf(LeadershipLostException.class)
                .hasMessageContaining("apps/web.json").hasMessageContaining(electionNode);
        assertThatThrownBy(() -> leader.write("apps/new.json", bytes("v1"))).isInstanceOf(LeadershipLostException.class);
        assertThatThrownBy(() -> leader.delete("apps/api.json")).isInstanceOf(LeadershipLostException.class);
        assertThat(store.read("apps/web.json")).hasValue(bytes("v1"));
        assertThat(store.read("apps/new.json")).isEmpty();
        assertThat(store.read("apps/api.json")).hasValue(bytes("v1"));
    }

    @Test
    void theValueLimitHoldsForTheLeadersViewToo() {
        StateStore leader = store.fencedBy(electionNode);
        byte[] tooLarge = new byte[StateStore.DEFAULT_MAX_VALUE_BYTES + 1];

        assertThatThrownBy(() -> leader.write("apps/big.json", tooLarge)).isInstanceOf(ValueTooLargeException.class);
        assertThat(store.read("apps/big.json")).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
