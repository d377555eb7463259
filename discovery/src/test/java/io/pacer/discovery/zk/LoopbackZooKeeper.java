package io.pacer.discovery.zk;

import java.nio.file.Path;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * A real ZooKeeper server (Curator's TestingServer: ZooKeeper's own server classes) in this JVM, on a loopback port
 * chosen free when it is made; started at once, or later to play a ZooKeeper that comes up after discovery.
 */
final class LoopbackZooKeeper implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";

    private final TestingServer server;

    LoopbackZooKeeper(Path dataDir, boolean start) throws Exception {
        // ports -1: free ones; the data folder is the caller's to delete (a @TempDir)
        InstanceSpec spec = new InstanceSpec(dataDir.toFile(), -1, -1, -1, false, -1, -1, -1,
                Map.of("clientPortAddress", LOOPBACK), LOOPBACK);
        server = new TestingServer(spec, start);
    }

    String connectString() {
        return server.getConnectString();
    }

    void start() throws Exception {
        server.start();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
