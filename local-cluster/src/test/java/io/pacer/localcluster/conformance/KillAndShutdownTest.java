package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.localcluster.testexecutor.TestExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
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

/** KILL, SHUTDOWN, TEARDOWN and executors that end (src/master/master.cpp kill, src/slave/slave.cpp executorTerminated). */
class KillAndShutdownTest {
    @TempDir
    Path workDir;
    private ClusterUnderTest cluster;
    private TestScheduler scheduler;
    private Offer offer;

    @BeforeEach
    void start() throws Exception {
        cluster = ClusterUnderTest.start(workDir);
        scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("kill").build());
        offer = scheduler.awaitOffer();
    }

    @AfterEach
    void stop() {
        scheduler.close();
        cluster.close();
    }

    @Test
    void killIsForwardedToTheExecutor() {
        TaskInfo.Builder task = launchRunning("run");
        scheduler.call(Tasks.kill(task.getTaskId()));
        TaskStatus killed = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_KILLED);
        assertThat(killed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    }

    @Test
    void killOfATaskNotYetDeliveredToItsExecutorIsKilledByTheAgent() {
        TaskInfo.Builder task = Tasks.task(offer, ExecutorDriver.placeholder("never-subscribes"), "run");
        scheduler.call(Tasks.launch(offer, task));
        scheduler.call(Tasks.kill(task.getTaskId()));
        TaskStatus killed = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_KILLED);
        assertThat(killed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
        assertThat(killed.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH);
        assertThat(killed.getMessage()).isEqualTo("Killed before delivery to the executor");
        assertThat(killed.hasUuid()).isTrue();
    }

    @Test
    void killOfAnUnknownTaskAnswersLostFromReconciliation() {
        TaskID unknown = TaskID.newBuilder().setValue("no-such-task").build();
        scheduler.call(Tasks.kill(unknown));
        TaskStatus lost = scheduler.awaitUpdate(unknown, TaskState.TASK_LOST);
        assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
        assertThat(lost.getMessage()).isEqualTo("Reconciliation: Task is unknown");
        assertThat(lost.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
        assertThat(lost.hasUuid()).isFalse();
        assertThat(lost.hasAgentId()).isFalse();
    }

    @Test
    void executorThatExitsFailsItsTasksAndIsReportedWithItsWaitStatus() {
        TaskInfo.Builder task = Tasks.task(offer, "exit:3");
        scheduler.call(Tasks.launch(offer, task));
        scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
        TaskStatus failed = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_FAILED);
        assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
        assertThat(failed.getMessage()).isEqualTo("Executor terminated");
        Event.Failure failure = scheduler.await(Event.Type.FAILURE).getFailure();
        assertThat(failure.getExecutorId()).isEqualTo(task.getExecutor().getExecutorId());
        assertThat(failure.getAgentId()).isEqualTo(offer.getAgentId());
        assertThat(failure.getStatus()).isEqualTo(768);
    }

    @Test
    void executorWhoseCommandFailsBeforeSubscribingFailsItsTasks() {
        ExecutorInfo.Builder executor = Tasks.executor("missing-binary");
        executor.getCommandBuilder().setValue("exec /no/such/executor");
        TaskInfo.Builder task = Tasks.task(offer, executor, "run");
        scheduler.call(Tasks.launch(offer, task));
        TaskStatus failed = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
        assertThat(scheduler.await(Event.Type.FAILURE).getFailure().getStatus()).as("sh: not found, exit 127").isEqualTo(127 << 8);
    }

    @Test
    void shutdownLetsTheExecutorKillItsTasks() {
        TaskInfo.Builder task = launchRunning("run");
        scheduler.call(shutdown(task));
        assertThat(scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_KILLED).getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
        assertThat(scheduler.await(Event.Type.FAILURE).getFailure().getStatus()).isZero();
    }

    @Test
    void shutdownKillsAnExecutorThatIgnoresItAfterTheGracePeriod() {
        TaskInfo.Builder task = launchRunning("ignore-kill");
        long asked = System.nanoTime();
        scheduler.call(shutdown(task));
        Event.Failure failure = scheduler.await(Event.Type.FAILURE).getFailure();
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThanOrEqualTo(ClusterUnderTest.GRACE);
        assertThat(failure.getStatus()).as("SIGKILL").isEqualTo(9);
        TaskStatus failed = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
    }

    @Test
    void processesTheExecutorLeftBehindAreKilledWithIt() {
        TaskInfo.Builder task = Tasks.task(offer, "spawn-child");
        scheduler.call(Tasks.launch(offer, task));
        TaskStatus running = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
        long child = Long.parseLong(running.getMessage().substring("child ".length()));
        assertThat(ProcessHandle.of(child)).isPresent();
        scheduler.call(shutdown(task));
        scheduler.await(Event.Type.FAILURE);
        assertThat(gone(child)).as("the executor's child %d is gone", child).isTrue();
    }

    @Test
    void teardownShutsDownTheExecutorsAndRemovesTheFramework() {
        TaskInfo.Builder task = Tasks.task(offer, "run");
        scheduler.call(Tasks.launch(offer, task));
        TaskStatus running = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
        long executorPid = Long.parseLong(TestExecutor.environmentOf(running).getProperty("test.pid"));
        scheduler.call(Call.newBuilder().setType(Call.Type.TEARDOWN));
        assertThat(gone(executorPid)).isTrue();
        try (TestScheduler again = TestScheduler.start(cluster.master(), TestScheduler.framework("kill").setId(scheduler.frameworkId()).build())) {
            assertThat(again.await(Event.Type.ERROR).getError().getMessage()).isEqualTo("Framework has been removed");
        }
    }

    @Test
    @Tag(ClusterUnderTest.LOCAL_ONLY)
    void executorThatDoesNotSubscribeInTimeIsKilledAndItsTasksFail() throws Exception {
        scheduler.close();
        cluster.close();
        cluster = ClusterUnderTest.start(ClusterUnderTest.config(workDir.resolve("registration"))
                .withExecutorTimings(Duration.ofSeconds(1), Duration.ofSeconds(2), ClusterUnderTest.GRACE));
        scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("registration").build());
        offer = scheduler.awaitOffer();
        TaskInfo.Builder task = Tasks.task(offer, ExecutorDriver.placeholder("silent"), "run");
        scheduler.call(Tasks.launch(offer, task));
        TaskStatus failed = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_FAILED);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT);
        assertThat(failed.getMessage()).isEqualTo("Executor did not register within 1secs");
        assertThat(scheduler.await(Event.Type.FAILURE).getFailure().getExecutorId()).isEqualTo(task.getExecutor().getExecutorId());
    }

    private TaskInfo.Builder launchRunning(String behaviour) {
        TaskInfo.Builder task = Tasks.task(offer, behaviour);
        scheduler.call(Tasks.launch(offer, task));
        scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
        return task;
    }

    private Call.Builder shutdown(TaskInfo.Builder task) {
        AgentID agent = offer.getAgentId();
        return Call.newBuilder().setType(Call.Type.SHUTDOWN)
                .setShutdown(Call.Shutdown.newBuilder().setAgentId(agent).setExecutorId(task.getExecutor().getExecutorId()));
    }

    static boolean gone(long pid) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        while (process.isPresent() && process.get().isAlive() && System.nanoTime() < deadline) {
            process.get().onExit().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
        }
        return process.isEmpty() || !process.get().isAlive();
    }
}
