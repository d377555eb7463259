package io.pacer.localcluster.agent;

import com.google.protobuf.ByteString;
import io.pacer.localcluster.ClusterLoop;
import io.pacer.localcluster.StatusUpdate;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers status updates to the framework reliably, as Mesos's agent does
 * (src/slave/task_status_update_manager.cpp): one stream per task; updates in the order received; one outstanding
 * at a time, re-sent with doubling intervals until the scheduler acknowledges it, and only then the next;
 * duplicates (same uuid) dropped; the stream closed once its terminal update is acknowledged.
 */
final class StatusUpdateManager {
    private static final Logger LOG = LoggerFactory.getLogger(StatusUpdateManager.class);

    private record StreamKey(FrameworkID framework, TaskID task) {
    }

    private final class Stream {
        final StreamKey key;
        final Optional<TaskUpdateLog> log;
        final Deque<StatusUpdate> pending = new ArrayDeque<>();
        final Set<ByteString> received = new HashSet<>();
        ClusterLoop.Timer retry;
        Duration interval = retryInitial;

        Stream(StreamKey key, Optional<TaskUpdateLog> log) {
            this.key = key;
            this.log = log;
        }

        void forwardHead() {
            StatusUpdate head = pending.peekFirst();
            if (head == null) {
                return;
            }
            forwarder.accept(head);
            Duration wait = interval;
            interval = interval.multipliedBy(2).compareTo(retryMax) > 0 ? retryMax : interval.multipliedBy(2);
            retry = loop.schedule(wait, () -> {
                if (pending.peekFirst() == head) {
                    LOG.info("Resending status update {} of task {} (not acknowledged yet)", head.state(), head.taskId().getValue());
                    forwardHead();
                }
            });
        }

        void cancelRetry() {
            if (retry != null) {
                retry.cancel();
                retry = null;
            }
            interval = retryInitial;
        }
    }

    private final ClusterLoop loop;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final Consumer<StatusUpdate> forwarder;
    private final Map<StreamKey, Stream> streams = new HashMap<>();

    StatusUpdateManager(ClusterLoop loop, Duration retryInitial, Duration retryMax, Consumer<StatusUpdate> forwarder) {
        this.loop = loop;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
        this.forwarder = forwarder;
    }

    /**
     * Takes over an update: checkpointed first when {@code log} is given, then forwarded if it is the stream's
     * only pending one. Returns false for a duplicate, which is dropped.
     */
    boolean update(StatusUpdate update, Optional<TaskUpdateLog> log) throws IOException {
        StreamKey key = new StreamKey(update.frameworkId(), update.taskId());
        Stream stream = streams.computeIfAbsent(key, k -> new Stream(k, log));
        ByteString uuid = update.uuid().orElseThrow(() -> new IllegalArgumentException("status updates to forward need a uuid"));
        if (!stream.received.add(uuid)) {
            LOG.info("Ignoring duplicate status update {} of task {}", update.state(), update.taskId().getValue());
            return false;
        }
        if (stream.log.isPresent()) {
            stream.log.get().appendUpdate(update.status());
        }
        stream.pending.addLast(update);
        if (stream.pending.size() == 1) {
            stream.forwardHead();
        }
        return true;
    }

    /** The scheduler acknowledged {@code uuid}: the next update of the stream goes out. */
    void acknowledge(FrameworkID framework, TaskID task, ByteString uuid) throws IOException {
        Stream stream = streams.get(new StreamKey(framework, task));
        StatusUpdate head = stream == null ? null : stream.pending.peekFirst();
        if (head == null || !head.uuid().orElseThrow().equals(uuid)) {
            LOG.warn("Ignoring unexpected status update acknowledgement for task {} of framework {}", task.getValue(), framework.getValue());
            return;
        }
        if (stream.log.isPresent()) {
            stream.log.get().appendAck(uuid);
        }
        stream.pending.removeFirst();
        stream.cancelRetry();
        if (StatusUpdate.isTerminal(head.state())) {
            streams.remove(stream.key);
            stream.pending.clear();
            return;
        }
        stream.forwardHead();
    }

    /** Re-creates a stream from its checkpoint after an agent restart: acknowledged updates stay done, the rest are re-sent. */
    void recover(FrameworkID framework, TaskID task, TaskUpdateLog log, TaskUpdateLog.Replay replay) {
        Stream stream = new Stream(new StreamKey(framework, task), Optional.of(log));
        boolean terminalAcked = false;
        for (TaskStatus status : replay.updates()) {
            stream.received.add(status.getUuid());
            if (replay.acknowledged().contains(status.getUuid())) {
                terminalAcked |= StatusUpdate.isTerminal(status.getState());
            } else {
                stream.pending.addLast(new StatusUpdate(framework, status));
            }
        }
        if (terminalAcked || (stream.pending.isEmpty() && replay.updates().isEmpty())) {
            return;
        }
        streams.put(stream.key, stream);
        stream.forwardHead();
    }

    /** Forgets the streams of a framework that is gone: its updates have nobody to go to. */
    void removeFramework(FrameworkID framework) {
        streams.values().removeIf(s -> {
            if (s.key.framework().equals(framework)) {
                s.cancelRetry();
                return true;
            }
            return false;
        });
    }
}
