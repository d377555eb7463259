package io.pacer.discovery.zk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * ZooKeeper's own client, not Curator, as any program that watches discovery's znodes would use it; with waits for
 * what the output writes on its own thread.
 */
final class PlainZooKeeperClient implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ZooKeeper zk;

    PlainZooKeeperClient(String connectString) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        zk = new ZooKeeper(connectString, 10_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no connection to ZooKeeper at " + connectString);
        }
    }

    ZooKeeper zk() {
        return zk;
    }

    JsonNode json(String path) throws Exception {
        return JSON.readTree(zk.getData(path, false, null));
    }

    /** The znode's Stat, null when there is none. */
    Stat stat(String path) throws Exception {
        return zk.exists(path, false);
    }

    List<String> children(String path) throws Exception {
        return zk.getChildren(path, false).stream().sorted().toList();
    }

    /** Waits until the znode exists and its JSON is as {@code wanted}; then that JSON. */
    JsonNode awaitJson(String path, Predicate<JsonNode> wanted) throws Exception {
        return await(path + " as wanted", () -> {
            try {
                return Optional.of(json(path)).filter(wanted);
            } catch (KeeperException.NoNodeException e) {
                return Optional.empty();
            }
        });
    }

    void awaitGone(String path) throws Exception {
        await(path + " deleted", () -> Optional.ofNullable(stat(path) == null ? path : null));
    }

    private static <T> T await(String what, Callable<Optional<T>> probe) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> seen = probe.call();
            if (seen.isPresent()) {
                return seen.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not within " + PATIENCE + ": " + what);
    }

    @Override
    public void close() throws Exception {
        zk.close();
    }
}
