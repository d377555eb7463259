package io.pacer.scheduler.store;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.BackgroundCallback;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.zookeeper.KeeperException;

/**
 * Many reads of one kind sent to ZooKeeper without waiting for each answer, through Curator's background API, at most
 * {@value #IN_FLIGHT} unanswered at once, taking turns among one or more sessions: a session's requests travel one
 * connection and are answered in order, so their round trips overlap instead of adding up (100,000 task records read
 * one after another would take as many round trips), and a server works on several sessions' requests at once. A read
 * fails as a whole when any of its requests fails, or when no answer comes for as long as an operation waits for a
 * connection.
 */
final class PipelinedReads {
    /**
     * Enough to keep a few sessions busy (measured: 512 reads 100,000 znodes about half again as fast as 64, over four
     * sessions); bounded so that a large folder does not queue all its requests at once.
     */
    static final int IN_FLIGHT = 512;

    /** Sends one background request for {@code path} in {@code session}; Curator calls {@code callback} with its answer. */
    @FunctionalInterface
    interface Request {
        void send(CuratorFramework session, String path, BackgroundCallback callback) throws Exception;
    }

    private final Duration answerTimeout;
    private final String location;

    PipelinedReads(Duration answerTimeout, String location) {
        this.answerTimeout = answerTimeout;
        this.location = location;
    }

    /**
     * The answer to {@code request} for each of {@code paths} (what {@code answer} takes from its event), by path; a
     * path without a znode has none. The requests take turns among {@code sessions}.
     */
    <T> Map<String, T> each(String action, Collection<String> paths, List<CuratorFramework> sessions, Request request,
            Function<CuratorEvent, T> answer) {
        Map<String, T> answers = new ConcurrentHashMap<>();
        AtomicReference<String> failed = new AtomicReference<>();
        Semaphore unanswered = new Semaphore(IN_FLIGHT);
        BackgroundCallback callback = (client, event) -> {
            try {
                KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
                if (code == KeeperException.Code.OK) {
                    answers.put(event.getPath(), answer.apply(event));
                } else if (code != KeeperException.Code.NONODE) { // deleted since it was listed: not there
                    failed.compareAndSet(null, event.getPath() + ": " + code);
                }
            } finally {
                unanswered.release();
            }
        };
        int sent = 0;
        for (String path : paths) {
            if (failed.get() != null) {
                break;
            }
            awaitAnswers(unanswered, 1, action);
            try {
                request.send(sessions.get(sent++ % sessions.size()), path, callback);
            } catch (Exception e) {
                unanswered.release();
                throw ZooKeeperStore.failure("cannot " + action + " in ZooKeeper at " + location + ": " + e.getMessage(), e);
            }
        }
        awaitAnswers(unanswered, IN_FLIGHT, action);
        if (failed.get() != null) {
            throw ZooKeeperStore.failure("cannot " + action + " in ZooKeeper at " + location + ": " + failed.get(), null);
        }
        return answers;
    }

    private void awaitAnswers(Semaphore unanswered, int count, String action) {
        boolean answered;
        try {
            answered = unanswered.tryAcquire(count, answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw ZooKeeperStore.failure("interrupted while waiting to " + action + " in ZooKeeper at " + location, e);
        }
        if (!answered) {
            throw ZooKeeperStore.failure("cannot " + action + " in ZooKeeper at " + location + ": no answer within "
                    + answerTimeout.toMillis() + " ms", null);
        }
    }
}
