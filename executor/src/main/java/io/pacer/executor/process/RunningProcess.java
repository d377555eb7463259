package io.pacer.executor.process;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started process that leads a session of its own ({@link ProcessGroup}). Whatever way it ends, nothing of
 * its session is left running: {@link #finish()} kills what the leader left behind, {@link #stop} escalates from
 * SIGTERM to SIGKILL.
 */
public final class RunningProcess {
    private static final Logger LOG = LoggerFactory.getLogger(RunningProcess.class);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final int KILL_ROUNDS = 3;

    private final Process process;
    private final ProcessGroup group;
    private final List<AutoCloseable> logWatches;

    RunningProcess(Process process, Optional<ProcessMark> mark, List<AutoCloseable> logWatches) {
        this.process = process;
        this.group = new ProcessGroup(process.pid(), mark); // setsid made the leader's pid the session id
        this.logWatches = logWatches;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessGroup group() {
        return group;
    }

    /** Completes when the leader has exited (its session may still have members). */
    public CompletableFuture<Process> leaderExit() {
        return process.onExit();
    }

    /**
     * SIGTERM to the whole session, then SIGKILL to whatever is left after {@code gracePeriod}; returns once the
     * session is empty.
     */
    public ExitStatus stop(Duration gracePeriod) throws InterruptedException {
        group.terminate();
        if (!awaitEmpty(gracePeriod)) {
            LOG.info("Process {} still has {} after a grace period of {} ms: SIGKILL", pid(), group.members(), gracePeriod.toMillis());
        }
        return finish();
    }

    /** After the leader exited: kills what is left of its session, ends log rotation, returns the leader's status. */
    public ExitStatus finish() throws InterruptedException {
        // A process stuck in the kernel (state D) may outlast SIGKILL for a while; do not wait for it forever.
        for (int round = 1; round <= KILL_ROUNDS && (!group.isEmpty() || process.isAlive()); round++) {
            group.kill();
            if (!awaitEmpty(KILL_WAIT)) {
                LOG.warn("Session {} still has members {} after SIGKILL (round {} of {})", group.sessionId(), group.members(), round, KILL_ROUNDS);
            }
        }
        int code;
        try {
            code = process.onExit().get().exitValue();
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for process " + pid() + " failed", e);
        }
        for (AutoCloseable watch : logWatches) {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.warn("Ending log rotation for process {}: {}", pid(), e.toString());
            }
        }
        return new ExitStatus(code);
    }

    /** Polls the session (there is no notification for processes that are not our children). */
    private boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!group.isEmpty() || process.isAlive()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
        return true;
    }
}
