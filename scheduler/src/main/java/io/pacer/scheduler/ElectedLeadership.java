package io.pacer.scheduler;

import io.pacer.scheduler.api.Leadership;
import io.pacer.scheduler.api.Route;
import io.pacer.scheduler.ha.DeadLeaderWatch;
import io.pacer.scheduler.ha.LeaderElection;
import io.pacer.scheduler.store.ZooKeeperStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.framework.state.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Pacer among several (--zk): takes part in the election, and on winning loads the state and acts on it as a
 * {@link LeaderTerm} whose writes are fenced by its election node; on losing, it stops talking to Mesos and writing
 * at once and answers as a standby again (docs/ha.md).
 */
final class ElectedLeadership implements LeaderElection.Listener, Leadership, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ElectedLeadership.class);
    /** Marathon's LeaderResource.abdicationDelay: the answer to DELETE /v2/leader goes out first. */
    private static final long ABDICATION_DELAY_MS = 500;

    /** How the API answers in each role. */
    interface Serving {
        void asLeader(Map<String, Route> termRoutes);

        void asStandby();
    }

    private final ZooKeeperStore store;
    private final LeaderTerm.Context context;
    private final LeaderElection election;
    private final DeadLeaderWatch deadLeaderWatch;
    private Serving serving;
    private final ExecutorService takeovers = Executors.newSingleThreadExecutor(daemon("pacer-takeover"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("pacer-leadership"));
    /** How long a leader whose connection is SUSPENDED waits for it to come back before it stops acting. */
    private final Duration suspendedGrace;
    private ScheduledFuture<?> stepDown;
    /** Stepped down while the connection was away, still holding its election node: resumes when it comes back. */
    private boolean paused;
    private LeaderTerm term;
    /** Counts depositions: a takeover that started before one must not install its term. */
    private long depositions;
    private boolean closed;

    ElectedLeadership(ZooKeeperStore store, String electionPath, String hostPort, LeaderTerm.Context context) {
        this.store = store;
        this.context = context;
        this.election = new LeaderElection(store.curator(), electionPath, hostPort, this);
        this.deadLeaderWatch = new DeadLeaderWatch(store.curator(), electionPath, hostPort, election::isLeader);
        // ZooKeeper's client reports SUSPENDED after 2/3 of the session timeout without an answer; the ensemble expires
        // the session, and another Pacer may lead, at the full timeout: stopping 1/6 after SUSPENDED leaves 1/6 to spare
        this.suspendedGrace = store.settings().sessionTimeout().dividedBy(6);
    }

    /** Answers as a standby and joins the election; {@code serving} switches the API between the two roles. */
    synchronized void start(Serving serving) {
        this.serving = serving;
        serving.asStandby();
        store.curator().getConnectionStateListenable().addListener((client, state) -> connectionChanged(state));
        election.start();
        deadLeaderWatch.start();
    }

    private synchronized void connectionChanged(ConnectionState state) {
        if (state == ConnectionState.SUSPENDED && term != null && stepDown == null) {
            stepDown = timers.schedule(this::stepDownWhileSuspended, suspendedGrace.toMillis(), TimeUnit.MILLISECONDS);
        } else if (state == ConnectionState.RECONNECTED) {
            if (stepDown != null) {
                stepDown.cancel(false);
                stepDown = null;
            }
            if (paused) {
                paused = false;
                election.leaderNode().ifPresent(node -> {
                    LOG.info("ZooKeeper answers again and this Pacer still leads: taking over again");
                    elected(node);
                });
            }
        }
    }

    private void stepDownWhileSuspended() {
        synchronized (this) {
            stepDown = null;
            paused = true;
        }
        LOG.warn("ZooKeeper has not answered for {} ms past the connection's suspension: stepping down before the session "
                + "could expire and another Pacer lead", suspendedGrace.toMillis());
        stopActing();
    }

    @Override
    public void elected(String electionNode) {
        long generation;
        synchronized (this) {
            generation = depositions;
        }
        takeovers.execute(() -> takeOver(electionNode, generation));
    }

    private void takeOver(String electionNode, long generation) {
        LeaderTerm started;
        try {
            started = LeaderTerm.start(context, store.fencedBy(electionNode));
        } catch (RefusedStateException e) {
            context.fatal().accept(e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.error("Could not take over as the leader: {}; giving leadership up", e.getMessage(), e);
            election.abdicate();
            return;
        }
        synchronized (this) {
            if (generation == depositions && !closed) {
                term = started;
                serving.asLeader(started.routes());
                LOG.info("Leading: the API answers, the framework subscribes");
                return;
            }
        }
        started.abandon();
    }

    @Override
    public void deposed() {
        synchronized (this) {
            paused = false; // the election node is gone: only a new election makes this Pacer lead again
        }
        stopActing();
    }

    private void stopActing() {
        LeaderTerm ended;
        synchronized (this) {
            depositions++;
            ended = term;
            term = null;
            serving.asStandby();
        }
        if (ended != null) {
            ended.abandon();
            LOG.warn("Stopped acting as the leader: no more calls to Mesos, no more writes; answering as a standby");
        }
    }

    @Override
    public Optional<String> leader() {
        return election.leader();
    }

    @Override
    public synchronized boolean leads() {
        return term != null;
    }

    @Override
    public boolean canAbdicate() {
        return true;
    }

    @Override
    public void abdicate() {
        LOG.info("Abdicating in {} ms, as asked", ABDICATION_DELAY_MS);
        timers.schedule(election::abdicate, ABDICATION_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    /** Pacer stops: a leader sends the kills it owes while it still leads, then leaves the election. */
    @Override
    public void close() {
        LeaderTerm ending;
        synchronized (this) {
            closed = true;
            ending = term;
            term = null;
        }
        if (ending != null) {
            ending.stop();
        }
        deadLeaderWatch.close();
        timers.shutdownNow();
        takeovers.shutdownNow();
        election.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
