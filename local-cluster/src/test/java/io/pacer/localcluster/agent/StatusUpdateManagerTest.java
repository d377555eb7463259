package io.pacer.localcluster.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.localcluster.ClusterLoop;
import io.pacer.localcluster.StatusUpdate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's reliable delivery on its own: backoff, one outstanding per task, duplicates, and replay after a restart. */
class StatusUpdateManagerTest {
    private static final FrameworkID FRAMEWORK = FrameworkID.newBuilder().setValue("fw").build();
    private static final TaskID TASK = TaskID.newBuilder().setValue("task").build();

    @TempDir
    Path dir;
    private final ClusterLoop loop = new ClusterLoop(Clock.systemUTC());
    private final LinkedBlockingQueue<Forwarded> forwarded = new LinkedBlockingQueue<>();

    private record Forwarded(StatusUpdate update, long nanos) {
    }

    @AfterEach
    void stop() {
        loop.close();
    }

    private StatusUpdateManager manager(Duration initial, Duration max) {
        return new StatusUpdateManager(loop, initial, max, u -> forwarded.add(new Forwarded(u, System.nanoTime())));
    }

    @Test
    void retriesDoubleUpToTheMaximum() throws Exception {
        StatusUpdateManager manager = manager(Duration.ofMillis(40), Duration.ofMillis(160));
        loop.await(() -> update(manager, TaskState.TASK_RUNNING, Optional.empty()));
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            at.add(next().nanos());
        }
        List<Long> gapsMs = IntStream.range(1, at.size()).mapToObj(i -> (at.get(i) - at.get(i - 1)) / 1_000_000).toList();
        assertThat(gapsMs.get(0)).isGreaterThanOrEqualTo(40);
        assertThat(gapsMs.get(1)).isGreaterThanOrEqualTo(80);
        assertThat(gapsMs.get(2)).isGreaterThanOrEqualTo(160);
        assertThat(gapsMs.get(4)).as("capped at the maximum").isBetween(160L, 1000L);
    }

    @Test
    void theNextUpdateWaitsForTheAcknowledgementOfThePrevious() throws Exception {
        StatusUpdateManager manager = manager(Duration.ofSeconds(30), Duration.ofSeconds(30));
        StatusUpdate running = loop.await(() -> update(manager, TaskState.TASK_RUNNING, Optional.empty()));
        loop.await(() -> update(manager, TaskState.TASK_FINISHED, Optional.empty()));
        assertThat(next().update()).isEqualTo(running);
        assertThat(forwarded.poll(300, TimeUnit.MILLISECONDS)).isNull();
        loop.await(() -> acknowledge(manager, running));
        assertThat(next().update().state()).isEqualTo(TaskState.TASK_FINISHED);
    }

    @Test
    void duplicatesAreDropped() throws Exception {
        StatusUpdateManager manager = manager(Duration.ofSeconds(30), Duration.ofSeconds(30));
        StatusUpdate running = loop.await(() -> update(manager, TaskState.TASK_RUNNING, Optional.empty()));
        boolean accepted = loop.await(() -> record(manager, running, Optional.empty()));
        assertThat(accepted).isFalse();
        next();
        loop.await(() -> acknowledge(manager, running));
        assertThat(forwarded.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void afterARestartOnlyUnacknowledgedUpdatesAreSentAgain() throws Exception {
        Path file = dir.resolve("task.updates");
        StatusUpdateManager before = manager(Duration.ofSeconds(30), Duration.ofSeconds(30));
        TaskUpdateLog log = new TaskUpdateLog(file);
        StatusUpdate running = loop.await(() -> update(before, TaskState.TASK_RUNNING, Optional.of(log)));
        StatusUpdate finished = loop.await(() -> update(before, TaskState.TASK_FINISHED, Optional.of(log)));
        loop.await(() -> acknowledge(before, running));
        forwarded.clear();

        StatusUpdateManager after = manager(Duration.ofSeconds(30), Duration.ofSeconds(30));
        loop.await(() -> {
            try {
                after.recover(FRAMEWORK, TASK, log, TaskUpdateLog.read(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
        assertThat(next().update().uuid()).isEqualTo(finished.uuid());
        assertThat(forwarded.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aTornLastRecordIsIgnoredOnReplay() throws Exception {
        Path file = dir.resolve("task.updates");
        TaskUpdateLog log = new TaskUpdateLog(file);
        TaskStatus status = TaskStatus.newBuilder().setTaskId(TASK).setState(TaskState.TASK_RUNNING).setUuid(StatusUpdate.randomUuid()).build();
        log.appendUpdate(status);
        log.appendAck(status.getUuid());
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 3));
        TaskUpdateLog.Replay replay = TaskUpdateLog.read(file);
        assertThat(replay.updates()).containsExactly(status);
        assertThat(replay.acknowledged()).isEmpty();
    }

    private Forwarded next() throws InterruptedException {
        Forwarded f = forwarded.poll(5, TimeUnit.SECONDS);
        assertThat(f).as("a forwarded update").isNotNull();
        return f;
    }

    private static StatusUpdate update(StatusUpdateManager manager, TaskState state, Optional<TaskUpdateLog> log) {
        StatusUpdate update = new StatusUpdate(FRAMEWORK, TaskStatus.newBuilder().setTaskId(TASK).setState(state)
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setUuid(StatusUpdate.randomUuid()).build());
        record(manager, update, log);
        return update;
    }

    private static boolean record(StatusUpdateManager manager, StatusUpdate update, Optional<TaskUpdateLog> log) {
        try {
            return manager.update(update, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Void acknowledge(StatusUpdateManager manager, StatusUpdate update) {
        try {
            manager.acknowledge(FRAMEWORK, TASK, update.uuid().orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }
}
