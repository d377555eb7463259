package io.pacer.scheduler.ha;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Pacer's part in the election among the Pacers sharing a ZooKeeper path (docs/ha.md): Curator's LeaderLatch,
 * each Pacer an ephemeral sequential node under {@code <path>/leader} whose data is its {@code host:port}; the lowest
 * node leads. Leadership ends when the session is lost (the client's SessionConnectionStateErrorPolicy); a leader
 * that cannot reach ZooKeeper stops acting well before that (ElectedLeadership), so that it has stopped before
 * ZooKeeper expires its session and lets another Pacer lead.
 */
public final class LeaderElection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    /** What this Pacer does as its leadership comes and goes; called one at a time, in order. */
    public interface Listener {
        /** Leads now; its writes are fenced by {@code electionNode}, which exists exactly while it leads. */
        void elected(String electionNode);

        void deposed();
    }

    private final CuratorFramework client;
    private final String path;
    private final String hostPort;
    private final Listener listener;
    private LeaderLatch latch;
    private boolean closed;

    public LeaderElection(CuratorFramework client, String path, String hostPort, Listener listener) {
        this.client = client;
        this.path = path;
        this.hostPort = hostPort;
        this.listener = listener;
    }

    public synchronized void start() {
        latch = join();
    }

    private LeaderLatch join() {
        LeaderLatch next = new LeaderLatch(client, path, hostPort, LeaderLatch.CloseMode.NOTIFY_LEADER);
        next.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                String node = next.getOurPath();
                LOG.info("Elected leader ({} at {})", hostPort, node);
                listener.elected(node);
            }

            @Override
            public void notLeader() {
                LOG.warn("No longer the leader ({})", hostPort);
                listener.deposed();
            }
        });
        try {
            next.start();
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("cannot take part in the election at " + path + ": " + e.getMessage(), e));
        }
        return next;
    }

    /** This Pacer's election node while it leads (the node its writes are fenced by). */
    public synchronized Optional<String> leaderNode() {
        return latch != null && latch.hasLeadership() ? Optional.ofNullable(latch.getOurPath()) : Optional.empty();
    }

    public synchronized boolean isLeader() {
        return latch != null && latch.hasLeadership();
    }

    /** The leader's {@code host:port}, this Pacer's own included; empty while there is none (or ZooKeeper is away). */
    public Optional<String> leader() {
        LeaderLatch current;
        synchronized (this) {
            current = latch;
        }
        if (current == null) {
            return Optional.empty();
        }
        try {
            Participant leader = current.getLeader();
            return leader.isLeader() ? Optional.of(leader.getId()) : Optional.empty();
        } catch (Exception e) {
            LOG.debug("Cannot tell the leader: {}", e.toString());
            return Optional.empty();
        }
    }

    /**
     * Gives up leadership (DELETE /v2/leader) and joins the election again at its end, so that another Pacer, if
     * there is one, leads next; a Pacer alone is elected again.
     */
    public synchronized void abdicate() {
        if (closed || latch == null) {
            return;
        }
        LeaderLatch old = latch;
        closeQuietly(old);
        latch = join();
    }

    /** Leaves the election; the deposed callback runs if this Pacer led. */
    @Override
    public synchronized void close() {
        closed = true;
        if (latch != null) {
            closeQuietly(latch);
        }
    }

    private static void closeQuietly(LeaderLatch latch) {
        try {
            latch.close();
        } catch (IOException | IllegalStateException e) {
            LOG.warn("Could not leave the election cleanly: {}", e.toString());
        }
    }
}
