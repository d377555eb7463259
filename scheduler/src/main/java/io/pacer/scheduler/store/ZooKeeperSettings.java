package io.pacer.scheduler.store;

import java.time.Duration;
import java.util.Objects;
import org.apache.zookeeper.common.PathUtils;

/**
 * Where and how a {@link ZooKeeperStore} keeps its state: the ensemble ({@code host1:2181,host2:2181}), the znode
 * under which every key lives, how long a session survives a lost connection, how long to wait for a connection
 * before an operation fails, and the largest value it stores.
 */
public record ZooKeeperSettings(String connectString, String root, Duration sessionTimeout, Duration connectionTimeout,
        int maxValueBytes) {
    /** Marathon's defaults for --zk_session_timeout and --zk_connection_timeout. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    public ZooKeeperSettings {
        Objects.requireNonNull(connectString, "connectString");
        if (connectString.isBlank()) {
            throw new IllegalArgumentException("a ZooKeeper connect string names at least one host:port");
        }
        try {
            PathUtils.validatePath(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a znode path for Pacer's state: " + root + " (" + e.getMessage() + ")", e);
        }
        if (root.equals("/")) {
            // keys would sit beside ZooKeeper's own /zookeeper and anything else in the ensemble
            throw new IllegalArgumentException("Pacer's state needs a znode of its own, such as /pacer/state, not /");
        }
        requirePositive(sessionTimeout, "session timeout");
        requirePositive(connectionTimeout, "connection timeout");
        if (maxValueBytes < 1) {
            throw new IllegalArgumentException("the largest value is at least 1 byte, not " + maxValueBytes);
        }
    }

    /** The defaults for everything but the ensemble and the root. */
    public static ZooKeeperSettings of(String connectString, String root) {
        return new ZooKeeperSettings(connectString, root, DEFAULT_SESSION_TIMEOUT, DEFAULT_CONNECTION_TIMEOUT,
                StateStore.DEFAULT_MAX_VALUE_BYTES);
    }

    public ZooKeeperSettings withTimeouts(Duration session, Duration connection) {
        return new ZooKeeperSettings(connectString, root, session, connection, maxValueBytes);
    }

    public ZooKeeperSettings withMaxValueBytes(int bytes) {
        return new ZooKeeperSettings(connectString, root, sessionTimeout, connectionTimeout, bytes);
    }

    /** "zk1:2181,zk2:2181/pacer/state": both parts, for messages. */
    public String location() {
        return connectString + root;
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a ZooKeeper " + what + " is a positive number of milliseconds, not " + d);
        }
    }
}
