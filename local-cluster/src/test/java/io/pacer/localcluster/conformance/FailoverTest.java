package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.localcluster.resources.Resources;
import io.pacer.localcluster.testexecutor.TestExecutor;
import java.nio.file.Path;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-subscription and failover_timeout (docs/scheduler-http-api.md "Disconnections", src/master/master.cpp failoverFramework). */
class FailoverTest {
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
    void subscribingAgainWithTheSameIdFailsOverTheOldSubscription() {
        try (TestScheduler first = TestScheduler.subscribe(cluster.master(), framework(60).build())) {
            String firstStream = first.streamId();
            try (TestScheduler second = TestScheduler.subscribe(cluster.master(), framework(60).setId(first.frameworkId()).build())) {
                assertThat(first.await(Event.Type.ERROR).getError().getMessage()).isEqualTo("Framework failed over");
                assertThat(second.frameworkId()).isEqualTo(first.frameworkId());
                assertThat(second.streamId()).isNotEqualTo(firstStream);
                second.awaitOffer();
            }
        }
    }

    @Test
    void frameworkBackWithinItsFailoverTimeoutKeepsItsTasks() {
        FrameworkID id;
        TaskInfo.Builder task;
        try (TestScheduler first = TestScheduler.subscribe(cluster.master(), framework(60).build())) {
            id = first.frameworkId();
            Offer offer = first.awaitOffer();
            task = Tasks.task(offer, "run");
            first.call(Tasks.launch(offer, task));
            first.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
        }
        try (TestScheduler back = TestScheduler.subscribe(cluster.master(), framework(60).setId(id).build())) {
            back.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.getDefaultInstance()));
            TaskStatus status = back.awaitUpdate(task.getTaskId());
            assertThat(status.getState()).isEqualTo(TaskState.TASK_RUNNING);
            assertThat(status.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
        }
    }

    @Test
    void updateUnacknowledgedAtDisconnectionIsDeliveredAfterResubscription() {
        FrameworkID id;
        TaskInfo.Builder task;
        TaskStatus firstDelivery;
        try (TestScheduler first = TestScheduler.subscribe(cluster.master(), framework(60).build()).manualAcknowledgements()) {
            id = first.frameworkId();
            Offer offer = first.awaitOffer();
            task = Tasks.task(offer, "run");
            first.call(Tasks.launch(offer, task));
            firstDelivery = first.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
        }
        try (TestScheduler back = TestScheduler.subscribe(cluster.master(), framework(60).setId(id).build())) {
            TaskStatus again = back.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
            assertThat(again.getUuid()).isEqualTo(firstDelivery.getUuid());
        }
    }

    @Test
    void frameworkAwayLongerThanItsFailoverTimeoutIsRemovedAndItsExecutorsKilled() {
        FrameworkID id;
        long executorPid;
        try (TestScheduler first = TestScheduler.subscribe(cluster.master(), framework(0.5).build())) {
            id = first.frameworkId();
            Offer offer = first.awaitOffer();
            TaskInfo.Builder task = Tasks.task(offer, "ignore-kill");
            first.call(Tasks.launch(offer, task));
            executorPid = Long.parseLong(TestExecutor.environmentOf(first.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING)).getProperty("test.pid"));
        }
        assertThat(KillAndShutdownTest.gone(executorPid)).as("executor killed after the failover timeout").isTrue();
        try (TestScheduler late = TestScheduler.start(cluster.master(), framework(0.5).setId(id).build())) {
            assertThat(late.await(Event.Type.ERROR).getError().getMessage()).isEqualTo("Framework has been removed");
        }
    }

    @Test
    void resourcesOfARemovedFrameworkAreOfferedAgain() {
        try (TestScheduler first = TestScheduler.subscribe(cluster.master(), framework(0).build())) {
            Offer offer = first.awaitOffer();
            TaskInfo.Builder task = Tasks.task(offer, "run");
            first.call(Tasks.launch(offer, task));
            first.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
        }
        try (TestScheduler other = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("other").build())) {
            // whatever the removed framework held comes back, possibly in more than one offer
            double offeredCpus = 0;
            while (offeredCpus < 2.0) {
                Offer offer = other.awaitOffer();
                assertThat(offer.getExecutorIdsList()).isEmpty();
                offeredCpus += Resources.fromProtos(offer.getResourcesList()).scalar("cpus");
            }
            assertThat(offeredCpus).isEqualTo(2.0);
        }
    }

    private static FrameworkInfo.Builder framework(double failoverTimeoutSeconds) {
        return TestScheduler.framework("failover").setFailoverTimeout(failoverTimeoutSeconds);
    }

}
