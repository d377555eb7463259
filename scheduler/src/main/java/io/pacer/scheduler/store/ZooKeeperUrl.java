package io.pacer.scheduler.store;

import java.util.regex.Pattern;
import org.apache.zookeeper.common.PathUtils;

/**
 * Marathon's {@code --zk} form, {@code zk://host1:2181,host2:2181/pacer}: the ensemble and the znode under which one
 * group of Pacers keeps its state ({@code <path>/state}) and holds its election ({@code <path>/leader}).
 */
public record ZooKeeperUrl(String connectString, String path) {
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._-]+:[0-9]{1,5}|\\[[0-9A-Fa-f:.]+\\]:[0-9]{1,5}");

    /** The URL or why it is not one, for the flag's message. */
    public static ZooKeeperUrl parse(String text) {
        String form = " (the form is zk://host1:2181,host2:2181/pacer)";
        if (!text.startsWith("zk://")) {
            throw new IllegalArgumentException("'" + text + "' is not a zk:// URL" + form);
        }
        String rest = text.substring("zk://".length());
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' names no znode for Pacer's state after the hosts" + form);
        }
        String hosts = rest.substring(0, slash);
        if (hosts.contains("@")) {
            throw new IllegalArgumentException("'" + text + "' carries credentials: ZooKeeper digest authentication is not supported, "
                    + "protect the ensemble by network instead");
        }
        for (String host : hosts.split(",", -1)) {
            if (!HOST_PORT.matcher(host).matches()) {
                throw new IllegalArgumentException("'" + text + "': '" + host + "' is not host:port" + form);
            }
        }
        String path = rest.substring(slash);
        try {
            PathUtils.validatePath(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + path + " is not a znode path (" + e.getMessage() + ")", e);
        }
        return new ZooKeeperUrl(hosts, path);
    }

    /** Where the state lives, as a store's settings (default timeouts and value limit). */
    public ZooKeeperSettings stateSettings() {
        return ZooKeeperSettings.of(connectString, path + "/state");
    }

    /** The znode under which the election's nodes are made. */
    public String electionPath() {
        return path + "/leader";
    }

    @Override
    public String toString() {
        return "zk://" + connectString + path;
    }
}
