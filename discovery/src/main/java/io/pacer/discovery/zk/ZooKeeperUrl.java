package io.pacer.discovery.zk;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.common.PathUtils;

/**
 * Where the ZooKeeper output writes, read from Marathon's URL form {@code zk://host1:2181,host2:2181/pacer-discovery}:
 * the ensemble ({@code host1:2181,host2:2181}, a host without a port meaning 2181) and the znode the apps go under.
 */
public record ZooKeeperUrl(String connectString, String path) {
    private static final Pattern URL = Pattern.compile("zk://([^/]*)(/.*)?");
    private static final Pattern HOST_PORT = Pattern.compile("[^:@\\s]+(:\\d{1,5})?|\\[[0-9a-fA-F:.]+\\](:\\d{1,5})?");

    public ZooKeeperUrl {
        for (String server : connectString.split(",", -1)) {
            if (!HOST_PORT.matcher(server).matches() || !portInRange(server)) {
                throw new IllegalArgumentException("'" + server + "' is not a host:port");
            }
        }
        try {
            PathUtils.validatePath(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + path + "' is not a znode path (" + e.getMessage() + ")", e);
        }
        if (path.equals("/")) {
            // the apps' znodes would sit beside ZooKeeper's own /zookeeper and whatever else the ensemble keeps
            throw new IllegalArgumentException("the apps need a znode of their own, such as /pacer-discovery, not /");
        }
    }

    /** Reads {@code zk://host1:2181,host2:2181/path}; the message of what it throws says what is wrong. */
    public static ZooKeeperUrl parse(String text) {
        Matcher url = URL.matcher(text);
        if (!url.matches()) {
            throw new IllegalArgumentException("'" + text + "' does not start with zk://");
        }
        if (url.group(1).contains("@")) {
            throw new IllegalArgumentException("credentials in the URL (user:password@) are not supported");
        }
        if (url.group(2) == null) {
            throw new IllegalArgumentException("'" + text + "' names no znode after the servers");
        }
        return new ZooKeeperUrl(url.group(1), url.group(2));
    }

    private static boolean portInRange(String server) {
        int colon = server.lastIndexOf(':');
        if (colon < 0 || server.endsWith("]")) {
            return true;
        }
        int port = Integer.parseInt(server.substring(colon + 1));
        return port >= 1 && port <= 65535;
    }

    @Override
    public String toString() {
        return "zk://" + connectString + path;
    }
}
