package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.localcluster.testexecutor.TestExecutor;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restarted agent with checkpointing recovers its executors, which re-subscribe, and delivers the updates it
 * had not delivered yet, once (docs/agent-recovery.md).
 */
@Tag(ClusterUnderTest.LOCAL_ONLY)
class AgentRecoveryTest {
    @TempDir
    Path workDir;
    private ClusterUnderTest cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = ClusterUnderTest.start(workDir);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void runningExecutorIsRecoveredAndResubscribes() throws Exception {
        FrameworkID id;
        TaskInfo.Builder task;
        String pidBefore;
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), checkpointing().build())) {
            id = scheduler.frameworkId();
            Offer offer = scheduler.awaitOffer();
            task = Tasks.task(offer, "run");
            scheduler.call(Tasks.launch(offer, task));
            pidBefore = TestExecutor.environmentOf(scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING)).getProperty("test.pid");
        }
        cluster.restart();
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), checkpointing().setId(id).build())) {
            scheduler.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.getDefaultInstance()));
            assertThat(scheduler.awaitUpdate(task.getTaskId()).getState()).isEqualTo(TaskState.TASK_RUNNING);
            // the same process, reached through its new subscription
            assertThat(ProcessHandle.of(Long.parseLong(pidBefore))).isPresent();
            // A kill reaches the executor once it has re-subscribed; until then it is dropped, as in Mesos, and
            // schedulers retry kills.
            TaskID taskId = task.getTaskId();
            boolean killed = false;
            for (int attempt = 0; attempt < 20 && !killed; attempt++) {
                scheduler.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder().setTaskId(taskId)));
                killed = scheduler.receives(Event.Type.UPDATE, e -> e.getUpdate().getStatus().getTaskId().equals(taskId)
                        && e.getUpdate().getStatus().getState() == TaskState.TASK_KILLED
                        && e.getUpdate().getStatus().getSource() == TaskStatus.Source.SOURCE_EXECUTOR, Duration.ofSeconds(1));
            }
            assertThat(killed).as("TASK_KILLED from the re-subscribed executor").isTrue();
        }
    }

    @Test
    void updateNotAcknowledgedBeforeTheRestartIsDeliveredOnceAfterIt() throws Exception {
        FrameworkID id;
        TaskInfo.Builder task;
        TaskStatus before;
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), checkpointing().build()).manualAcknowledgements()) {
            id = scheduler.frameworkId();
            Offer offer = scheduler.awaitOffer();
            task = Tasks.task(offer, "run");
            scheduler.call(Tasks.launch(offer, task));
            before = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
        }
        cluster.restart();
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), checkpointing().setId(id).build()).manualAcknowledgements()) {
            TaskStatus after = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
            assertThat(after.getUuid()).isEqualTo(before.getUuid());
            scheduler.acknowledge(after);
            assertThat(scheduler.receives(Event.Type.UPDATE, e -> e.getUpdate().getStatus().getUuid().equals(before.getUuid()),
                    Duration.ofSeconds(2))).as("an acknowledged update is not sent again").isFalse();
        }
    }

    @Test
    void executorsOfFrameworksWithoutCheckpointingDoNotSurviveTheRestart() throws Exception {
        String pid;
        try (TestScheduler scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("no-checkpoint").build())) {
            Offer offer = scheduler.awaitOffer();
            TaskInfo.Builder task = Tasks.task(offer, "run");
            scheduler.call(Tasks.launch(offer, task));
            pid = TestExecutor.environmentOf(scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING)).getProperty("test.pid");
        }
        cluster.restart();
        assertThat(KillAndShutdownTest.gone(Long.parseLong(pid))).isTrue();
    }

    private static FrameworkInfo.Builder checkpointing() {
        return TestScheduler.framework("recovery").setCheckpoint(true).setFailoverTimeout(60);
    }
}
