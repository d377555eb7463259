package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.apache.mesos.v1.scheduler.Protos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's executor API and the reliable delivery of status updates (docs/executor-http-api.md,
 * src/common/validation.cpp, src/slave/task_status_update_manager.cpp), with the test in the executor's place.
 */
class ExecutorApiTest {
    @TempDir
    Path workDir;
    private ClusterUnderTest cluster;
    private TestScheduler scheduler;
    private Offer offer;
    private TaskInfo.Builder task;

    @BeforeEach
    void start() throws Exception {
        cluster = ClusterUnderTest.start(workDir);
        launchPlaceholder();
    }

    private void launchPlaceholder() {
        scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("executor-api").build()).manualAcknowledgements();
        offer = scheduler.awaitOffer();
        task = Tasks.task(offer, ExecutorDriver.placeholder("driven"), "run");
        scheduler.call(Tasks.launch(offer, task));
    }

    @AfterEach
    void stop() {
        scheduler.close();
        cluster.close();
    }

    @Test
    void launchIsQueuedUntilTheExecutorSubscribes() {
        assertThat(scheduler.receives(Protos.Event.Type.UPDATE, e -> true, Duration.ofMillis(500))).isFalse();
        try (ExecutorDriver executor = ExecutorDriver.subscribe(ExecutorDriver.agentOf(offer), scheduler.frameworkId(), executorId())) {
            Event launch = executor.await(Event.Type.LAUNCH);
            assertThat(launch.getLaunch().getTask().getTaskId()).isEqualTo(task.getTaskId());
        }
    }

    @Test
    void updateBeforeSubscribeIs403() throws Exception {
        RawCalls.Answer answer = RawCalls.post(endpoint(), update(ExecutorDriver.status(task.getTaskId(), TaskState.TASK_RUNNING)));
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).isEqualTo("Executor is not subscribed");
    }

    @Test
    void updateWithAUuidStringIs400() throws Exception {
        try (ExecutorDriver ignored = subscribe()) {
            String uuidText = UUID.randomUUID().toString();
            RawCalls.Answer answer = RawCalls.post(endpoint(), update(ExecutorDriver.status(task.getTaskId(), TaskState.TASK_RUNNING)
                    .setUuid(ByteString.copyFromUtf8(uuidText))));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("Failed to validate Executor::Call: Not a valid UUID");
        }
    }

    @Test
    void updateWithTaskStagingIs400() throws Exception {
        try (ExecutorDriver ignored = subscribe()) {
            RawCalls.Answer answer = RawCalls.post(endpoint(), update(ExecutorDriver.status(task.getTaskId(), TaskState.TASK_STAGING)));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("Failed to validate Executor::Call: Received TASK_STAGING from executor driven of framework "
                    + scheduler.frameworkId().getValue() + " which is not allowed");
        }
    }

    @Test
    void updateFromAnotherSourceIs400() throws Exception {
        try (ExecutorDriver ignored = subscribe()) {
            RawCalls.Answer answer = RawCalls.post(endpoint(), update(ExecutorDriver.status(task.getTaskId(), TaskState.TASK_RUNNING)
                    .setSource(TaskStatus.Source.SOURCE_AGENT)));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).endsWith("with invalid source, expecting 'SOURCE_EXECUTOR'");
        }
    }

    @Test
    void updateForAnotherExecutorIdIs400() throws Exception {
        try (ExecutorDriver ignored = subscribe()) {
            RawCalls.Answer answer = RawCalls.post(endpoint(), update(ExecutorDriver.status(task.getTaskId(), TaskState.TASK_RUNNING)
                    .setExecutorId(ExecutorID.newBuilder().setValue("someone-else"))));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).isEqualTo("Failed to validate Executor::Call: ExecutorID in Call: driven does not match ExecutorID in TaskStatus: someone-else");
        }
    }

    @Test
    void callOfAnUnknownFrameworkIs400() throws Exception {
        Call call = update(ExecutorDriver.status(task.getTaskId(), TaskState.TASK_RUNNING)).toBuilder()
                .setFrameworkId(FrameworkID.newBuilder().setValue("nobody")).build();
        RawCalls.Answer answer = RawCalls.post(endpoint(), call);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("Framework cannot be found");
    }

    @Test
    void validUpdateIsAcknowledgedBeforeTheSchedulerAcknowledgesIt() {
        try (ExecutorDriver executor = subscribe()) {
            TaskStatus.Builder running = ExecutorDriver.status(task.getTaskId(), TaskState.TASK_RUNNING);
            executor.update(running).join();
            Event acknowledged = executor.await(Event.Type.ACKNOWLEDGED);
            assertThat(acknowledged.getAcknowledged().getUuid()).isEqualTo(running.getUuid());
            assertThat(acknowledged.getAcknowledged().getTaskId()).isEqualTo(task.getTaskId());
            TaskStatus forwarded = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
            assertThat(forwarded.getUuid()).isEqualTo(running.getUuid());
            assertThat(forwarded.getAgentId()).isEqualTo(offer.getAgentId());
        }
    }

    @Test
    void unacknowledgedUpdateIsSentAgainUntilAcknowledged() {
        try (ExecutorDriver executor = subscribe()) {
            TaskStatus.Builder running = ExecutorDriver.status(task.getTaskId(), TaskState.TASK_RUNNING);
            executor.update(running).join();
            scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
            TaskStatus again = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
            assertThat(again.getUuid()).isEqualTo(running.getUuid());
            scheduler.acknowledge(again);
            // retries back off from 300 ms; once acknowledged, none follows
            assertThat(scheduler.receives(Protos.Event.Type.UPDATE, e -> true, Duration.ofSeconds(3))).isFalse();
        }
    }

    @Test
    void updatesOfATaskGoOutInOrderOneAtATime() {
        try (ExecutorDriver executor = subscribe()) {
            TaskStatus.Builder running = ExecutorDriver.status(task.getTaskId(), TaskState.TASK_RUNNING);
            TaskStatus.Builder finished = ExecutorDriver.status(task.getTaskId(), TaskState.TASK_FINISHED);
            executor.update(running).join();
            executor.update(finished).join();
            TaskStatus first = scheduler.awaitUpdate(task.getTaskId());
            assertThat(first.getState()).isEqualTo(TaskState.TASK_RUNNING);
            assertThat(scheduler.receives(Protos.Event.Type.UPDATE, e -> e.getUpdate().getStatus().getState() == TaskState.TASK_FINISHED,
                    Duration.ofSeconds(1))).isFalse();
            scheduler.acknowledge(first);
            TaskStatus second = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_FINISHED);
            assertThat(second.getUuid()).isEqualTo(finished.getUuid());
        }
    }

    @Test
    void duplicateUpdateIsForwardedOnce() {
        try (ExecutorDriver executor = subscribe()) {
            TaskStatus.Builder running = ExecutorDriver.status(task.getTaskId(), TaskState.TASK_RUNNING);
            TaskStatus.Builder finished = ExecutorDriver.status(task.getTaskId(), TaskState.TASK_FINISHED);
            executor.update(running).join();
            executor.update(running).join();
            executor.update(finished).join();
            scheduler.acknowledge(scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING));
            // the next one after RUNNING is FINISHED, not a second RUNNING
            TaskStatus next = scheduler.await(Protos.Event.Type.UPDATE,
                    e -> !e.getUpdate().getStatus().getUuid().equals(running.getUuid())).getUpdate().getStatus();
            assertThat(next.getState()).isEqualTo(TaskState.TASK_FINISHED);
        }
    }

    @Test
    @Tag(ClusterUnderTest.LOCAL_ONLY)
    void subscribedExecutorsGetHeartbeats() throws Exception {
        scheduler.close();
        cluster.close();
        cluster = ClusterUnderTest.start(ClusterUnderTest.config(workDir.resolve("heartbeats")).withExecutorHeartbeatInterval(Duration.ofMillis(200)));
        launchPlaceholder();
        try (ExecutorDriver executor = subscribe()) {
            executor.await(Event.Type.HEARTBEAT);
            executor.await(Event.Type.HEARTBEAT);
        }
    }

    @Test
    void messagesGoBothWays() {
        try (ExecutorDriver executor = subscribe()) {
            executor.message(ByteString.copyFrom("to scheduler", StandardCharsets.UTF_8)).join();
            Protos.Event message = scheduler.await(Protos.Event.Type.MESSAGE);
            assertThat(message.getMessage().getData().toStringUtf8()).isEqualTo("to scheduler");
            assertThat(message.getMessage().getExecutorId()).isEqualTo(executorId());
            assertThat(message.getMessage().getAgentId()).isEqualTo(offer.getAgentId());
            scheduler.call(Protos.Call.newBuilder().setType(Protos.Call.Type.MESSAGE).setMessage(Protos.Call.Message.newBuilder()
                    .setAgentId(offer.getAgentId()).setExecutorId(executorId()).setData(ByteString.copyFromUtf8("to executor"))));
            assertThat(executor.await(Event.Type.MESSAGE).getMessage().getData().toStringUtf8()).isEqualTo("to executor");
        }
    }

    private ExecutorDriver subscribe() {
        ExecutorDriver executor = ExecutorDriver.subscribe(ExecutorDriver.agentOf(offer), scheduler.frameworkId(), executorId());
        executor.await(Event.Type.LAUNCH);
        return executor;
    }

    private ExecutorID executorId() {
        return task.getExecutor().getExecutorId();
    }

    private URI endpoint() {
        return ExecutorDriver.agentOf(offer).resolve("/api/v1/executor");
    }

    private Call update(TaskStatus.Builder status) {
        return Call.newBuilder().setType(Call.Type.UPDATE).setFrameworkId(scheduler.frameworkId()).setExecutorId(executorId())
                .setUpdate(Call.Update.newBuilder().setStatus(status)).build();
    }
}
