package io.pacer.scheduler.store;

import java.nio.file.Path;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * A real ZooKeeper server (Curator's TestingServer: ZooKeeper's own server classes) in this JVM, on a free loopback port;
 * for the tests of the stores and of the repositories on them, and the state load benchmark.
 */
public final class LoopbackZooKeeper implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";

    private final TestingServer server;

    public LoopbackZooKeeper(Path dataDir) throws Exception {
        // ports -1: free ones; the data folder is the caller's to delete (a @TempDir)
        InstanceSpec spec = new InstanceSpec(dataDir.toFile(), -1, -1, -1, false, -1, -1, -1,
                Map.of("clientPortAddress", LOOPBACK), LOOPBACK);
        server = new TestingServer(spec, true);
    }

    public String connectString() {
        return server.getConnectString();
    }

    /** Stops the server as a crash would, for tests of what a client sees when ZooKeeper is gone. */
    void stop() throws Exception {
        server.stop();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
