package io.pacer.scheduler.ha;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a standby: removes the election node of a leader whose host refuses connections on its API port, so that the
 * next Pacer leads at once instead of when the dead leader's ZooKeeper session expires (--zk-session-timeout). A
 * refused connection means nothing listens there: the leader's process is gone (kill -9, a crash) while its session
 * lingers. A connection that times out or a host that cannot be reached says nothing about the process (a partition):
 * only the session's expiry decides then.
 */
public final class DeadLeaderWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLeaderWatch.class);
    static final Duration EVERY = Duration.ofMillis(500);
    /** Refusals in a row, {@link #EVERY} apart, before the leader counts as dead. */
    static final int REFUSALS = 3;
    private static final int CONNECT_TIMEOUT_MS = 1000;

    private final CuratorFramework client;
    private final String electionPath;
    private final String self;
    private final BooleanSupplier leads;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pacer-dead-leader-watch");
        t.setDaemon(true);
        return t;
    });
    private String watchedNode;
    private int refusals;

    /**
     * @param self  this Pacer's {@code host:port}, as it stands in the election
     * @param leads whether this Pacer leads (it does not watch itself)
     */
    public DeadLeaderWatch(CuratorFramework client, String electionPath, String self, BooleanSupplier leads) {
        this.client = client;
        this.electionPath = electionPath;
        this.self = self;
        this.leads = leads;
    }

    public void start() {
        checks.scheduleWithFixedDelay(this::check, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            Optional<LeaderNode> leader = leads.getAsBoolean() ? Optional.empty() : leaderNode();
            if (leader.isEmpty() || leader.get().hostPort().equals(self)) {
                watchedNode = null;
                return;
            }
            if (!leader.get().path().equals(watchedNode)) {
                watchedNode = leader.get().path();
                refusals = 0;
            }
            refusals = refuses(leader.get().hostPort()) ? refusals + 1 : 0;
            if (refusals >= REFUSALS) {
                LOG.warn("The leader at {} has refused connections {} times in a row ({} ms apart): its process is gone; "
                        + "removing its election node so that the next Pacer leads now", leader.get().hostPort(), refusals, EVERY.toMillis());
                remove(leader.get().path());
                refusals = 0;
            }
        } catch (RuntimeException e) {
            LOG.debug("Could not look at the leader: {}", e.toString());
        }
    }

    /** The lowest node of the election, the leader's, and the host:port it holds. */
    private Optional<LeaderNode> leaderNode() {
        try {
            List<String> children = client.getChildren().forPath(electionPath);
            Optional<String> lowest = children.stream().min(Comparator.comparing(DeadLeaderWatch::sequence));
            if (lowest.isEmpty()) {
                return Optional.empty();
            }
            String path = ZKPaths.makePath(electionPath, lowest.get());
            return Optional.of(new LeaderNode(path, new String(client.getData().forPath(path), StandardCharsets.UTF_8)));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the election at " + electionPath + ": " + e.getMessage(), e);
        }
    }

    /** Curator's latch nodes end in their sequence number: "_c_<uuid>-latch-0000000007". */
    private static String sequence(String node) {
        return node.substring(node.lastIndexOf('-') + 1);
    }

    private static boolean refuses(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                    CONNECT_TIMEOUT_MS);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // timed out, unreachable: a partition looks like this too
        }
    }

    private void remove(String path) {
        try {
            client.delete().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            // gone meanwhile: its session expired, or another standby removed it
        } catch (Exception e) {
            LOG.warn("Could not remove the dead leader's election node {}: {}", path, e.toString());
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }

    private record LeaderNode(String path, String hostPort) {
    }
}
