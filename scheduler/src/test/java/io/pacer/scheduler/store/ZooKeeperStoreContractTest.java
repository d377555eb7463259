package io.pacer.scheduler.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ZooKeeper store keeps the contract, against a real ZooKeeper server: one for the class, each test under a root
 * of its own so that it starts empty. What is its own (a limit of its own setting, failures, layout) is in {@link ZooKeeperStoreTest}.
 */
class ZooKeeperStoreContractTest extends StateStoreContract {
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static LoopbackZooKeeper zooKeeper;

    private final String root = "/pacer-contract/test" + TESTS.incrementAndGet() + "/state";
    private final List<ZooKeeperStore> opened = new ArrayList<>();

    @BeforeAll
    static void startZooKeeper(@TempDir Path dataDir) throws Exception {
        zooKeeper = new LoopbackZooKeeper(dataDir);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        zooKeeper.close();
    }

    @Override
    protected StateStore open() {
        ZooKeeperStore store = new ZooKeeperStore(ZooKeeperSettings.of(zooKeeper.connectString(), root));
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(ZooKeeperStore::close);
    }
}
