package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RECONCILE, explicit and implicit (docs/reconciliation.md, src/master/master.cpp reconcile). */
class ReconciliationTest {
    @TempDir
    Path workDir;
    private ClusterUnderTest cluster;
    private TestScheduler scheduler;
    private Offer offer;

    @BeforeEach
    void start() throws Exception {
        cluster = ClusterUnderTest.start(workDir);
        scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("reconcile").build());
        offer = scheduler.awaitOffer();
    }

    @AfterEach
    void stop() {
        scheduler.close();
        cluster.close();
    }

    @Test
    void explicitReconciliationAnswersTheLatestStateWithoutUuid() {
        TaskInfo.Builder task = Tasks.task(offer, "run");
        scheduler.call(Tasks.launch(offer, task));
        scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
        scheduler.call(reconcile(List.of(Call.Reconcile.Task.newBuilder().setTaskId(task.getTaskId()).setAgentId(offer.getAgentId()).build())));
        TaskStatus status = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
        assertThat(status.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
        assertThat(status.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
        assertThat(status.getMessage()).isEqualTo("Reconciliation: Latest task state");
        assertThat(status.hasUuid()).isFalse();
        assertThat(status.getAgentId()).isEqualTo(offer.getAgentId());
    }

    @Test
    void implicitReconciliationAnswersForEveryTask() {
        TaskInfo.Builder first = Tasks.task(offer, "run");
        TaskInfo.Builder second = Tasks.task(offer, "run");
        scheduler.call(Tasks.launch(offer, first, second));
        scheduler.awaitUpdate(first.getTaskId(), TaskState.TASK_RUNNING);
        scheduler.awaitUpdate(second.getTaskId(), TaskState.TASK_RUNNING);
        scheduler.call(reconcile(List.of()));
        for (TaskInfo.Builder task : List.of(first, second)) {
            TaskStatus status = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
            assertThat(status.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
        }
    }

    @Test
    void unknownTaskOnAKnownAgentIsLost() {
        TaskID unknown = TaskID.newBuilder().setValue("unknown").build();
        scheduler.call(reconcile(List.of(Call.Reconcile.Task.newBuilder().setTaskId(unknown).setAgentId(offer.getAgentId()).build())));
        TaskStatus status = scheduler.awaitUpdate(unknown, TaskState.TASK_LOST);
        assertThat(status.getMessage()).isEqualTo("Reconciliation: Task is unknown to the agent");
        assertThat(status.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
    }

    @Test
    void unknownTaskOnAnUnknownAgentIsLost() {
        TaskID unknown = TaskID.newBuilder().setValue("unknown").build();
        scheduler.call(reconcile(List.of(Call.Reconcile.Task.newBuilder().setTaskId(unknown)
                .setAgentId(AgentID.newBuilder().setValue("no-such-agent")).build())));
        TaskStatus status = scheduler.awaitUpdate(unknown, TaskState.TASK_LOST);
        assertThat(status.getMessage()).isEqualTo("Reconciliation: Task is unknown");
    }

    @Test
    void aFinishedTaskIsForgottenOnceItsLastUpdateIsAcknowledged() {
        TaskInfo.Builder task = Tasks.task(offer, "finish");
        scheduler.call(Tasks.launch(offer, task));
        scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_FINISHED);
        // acknowledged automatically; reconcile until the master has dropped it
        TaskStatus status;
        do {
            scheduler.call(reconcile(List.of(Call.Reconcile.Task.newBuilder().setTaskId(task.getTaskId()).setAgentId(offer.getAgentId()).build())));
            status = scheduler.await(Event.Type.UPDATE, e -> e.getUpdate().getStatus().getReason() == TaskStatus.Reason.REASON_RECONCILIATION)
                    .getUpdate().getStatus();
        } while (status.getState() == TaskState.TASK_FINISHED);
        assertThat(status.getState()).isEqualTo(TaskState.TASK_LOST);
        assertThat(status.getMessage()).isEqualTo("Reconciliation: Task is unknown to the agent");
    }

    private static Call.Builder reconcile(List<Call.Reconcile.Task> tasks) {
        return Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder().addAllTasks(tasks));
    }
}
