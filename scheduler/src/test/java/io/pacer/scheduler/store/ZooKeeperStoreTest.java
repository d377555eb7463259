package io.pacer.scheduler.store;

import static io.pacer.scheduler.store.StateStoreContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ZooKeeper store's own behaviour, against a real ZooKeeper server; what every store does is in {@link StateStoreContract}. */
class ZooKeeperStoreTest {
    private static final String ROOT = "/pacer/state";
    /** Short, so that the tests of failures take a second or two; long enough for a loopback server to answer. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path dataDir;
    private LoopbackZooKeeper zooKeeper;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zooKeeper = new LoopbackZooKeeper(dataDir);
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zooKeeper.close();
    }

    @Test
    void keepsOneZnodePerKeyUnderTheRootThatAnyClientCanRead() throws Exception {
        try (ZooKeeperStore store = new ZooKeeperStore(ZooKeeperSettings.of(zooKeeper.connectString(), ROOT));
                CuratorFramework plain = CuratorFrameworkFactory.newClient(zooKeeper.connectString(), new RetryOneTime(100))) {
            store.write("apps/web.json", bytes("{}"));
            plain.start();

            assertThat(plain.getData().forPath("/pacer/state/apps/web.json")).containsExactly(ZooKeeperStore.FORMAT, (byte) '{', (byte) '}');
            assertThat(plain.getData().forPath("/pacer/state/apps")).as("a folder has no data").isEmpty();
            assertThat(plain.getChildren().forPath("/pacer/state")).containsExactly("apps");
        }
    }

    @Test
    void refusesAValueOverItsLimitNamingTheKeyAndTheSizes() {
        try (ZooKeeperStore store = new ZooKeeperStore(ZooKeeperSettings.of(zooKeeper.connectString(), ROOT).withMaxValueBytes(100))) {
            store.write("apps/small.json", new byte[100]);

            assertThatThrownBy(() -> store.write("apps/big.json", new byte[101]))
                    .isInstanceOf(ValueTooLargeException.class)
                    .hasMessageContainingAll("apps/big.json", "101 bytes", "100 bytes", zooKeeper.connectString());
            assertThat(store.read("apps/big.json")).isEmpty();
            assertThat(store.keys("apps")).containsExactly("apps/small.json");
        }
    }

    @Test
    void theDefaultLimitIsZooKeepersWhichDropsTheConnectionOfALargerRequest() {
        // what the limit spares the caller: with it lifted, ZooKeeper (jute.maxbuffer 1 MiB - 1 byte by default) hangs up
        // on the request, and the client sees a lost connection instead of a value too large
        ZooKeeperSettings unchecked = ZooKeeperSettings.of(zooKeeper.connectString(), ROOT)
                .withTimeouts(Duration.ofSeconds(10), CONNECTION_TIMEOUT).withMaxValueBytes(2 * 1024 * 1024);
        try (ZooKeeperStore store = new ZooKeeperStore(unchecked)) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> store.write("apps/huge.json", new byte[1024 * 1024]))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContainingAll("cannot write apps/huge.json", "ConnectionLoss"));
        }
    }

    @Test
    void failsToOpenWithinTheConnectionTimeoutWhenNoServerAnswers() throws Exception {
        String nobody = "127.0.0.1:" + closedPort();
        ZooKeeperSettings settings = ZooKeeperSettings.of(nobody, ROOT).withTimeouts(Duration.ofSeconds(10), CONNECTION_TIMEOUT);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> new ZooKeeperStore(settings))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContainingAll("cannot reach ZooKeeper at " + nobody, "1000 ms"));
    }

    @Test
    void anOperationFailsNamingTheServerOnceItIsGone() throws Exception {
        ZooKeeperSettings settings = ZooKeeperSettings.of(zooKeeper.connectString(), ROOT)
                .withTimeouts(Duration.ofSeconds(10), CONNECTION_TIMEOUT);
        try (ZooKeeperStore store = new ZooKeeperStore(settings)) {
            store.write("framework-id", bytes("fw-1"));
            zooKeeper.stop();

            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertThatThrownBy(() -> store.write("framework-id", bytes("fw-2")))
                        .isInstanceOf(UncheckedIOException.class)
                        .hasMessageContainingAll("cannot write framework-id", zooKeeper.connectString() + ROOT);
                assertThatThrownBy(() -> store.keys("apps"))
                        .isInstanceOf(UncheckedIOException.class)
                        .hasMessageContaining("cannot list apps");
                assertThatThrownBy(() -> store.readAll("apps"))
                        .isInstanceOf(UncheckedIOException.class)
                        .hasMessageContaining("cannot read apps");
            });
        }
    }

    @Test
    void refusesARootThatIsNotAZnodeOfItsOwn() {
        assertThatThrownBy(() -> ZooKeeperSettings.of("127.0.0.1:2181", "/")).hasMessageContaining("/pacer/state");
        assertThatThrownBy(() -> ZooKeeperSettings.of("127.0.0.1:2181", "pacer")).hasMessageContaining("not a znode path");
        assertThatThrownBy(() -> ZooKeeperSettings.of("127.0.0.1:2181", "/pacer/")).hasMessageContaining("not a znode path");
    }

    /** A loopback port nobody listens on (it was free a moment ago, and nothing here binds it). */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
