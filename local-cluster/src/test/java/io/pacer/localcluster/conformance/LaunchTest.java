package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.localcluster.resources.Resources;
import io.pacer.localcluster.testexecutor.TestExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.OperationID;
import org.apache.mesos.v1.Protos.OperationState;
import org.apache.mesos.v1.Protos.OperationStatus;
import org.apache.mesos.v1.Protos.TaskGroupInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ACCEPT with LAUNCH of tasks with a custom executor, validated as src/master/validation.cpp does. */
class LaunchTest {
    @TempDir
    Path workDir;
    private ClusterUnderTest cluster;
    private TestScheduler scheduler;

    @BeforeEach
    void start() throws Exception {
        cluster = ClusterUnderTest.start(workDir);
        scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("launch").build());
    }

    @AfterEach
    void stop() {
        scheduler.close();
        cluster.close();
    }

    @Test
    void taskWithACustomExecutorRuns() {
        Offer offer = scheduler.awaitOffer();
        TaskInfo.Builder task = Tasks.task(offer, "run");
        scheduler.call(Tasks.launch(offer, task));
        TaskStatus running = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
        assertThat(running.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
        assertThat(running.getAgentId()).isEqualTo(offer.getAgentId());
        assertThat(running.getExecutorId()).isEqualTo(task.getExecutor().getExecutorId());
        assertThat(running.getUuid().size()).isEqualTo(16);
    }

    @Test
    void executorGetsExactlyMesossEnvironmentAndASandboxOfItsOwn() {
        Offer offer = scheduler.awaitOffer();
        TaskInfo.Builder task = Tasks.task(offer, "run");
        scheduler.call(Tasks.launch(offer, task));
        Properties env = TestExecutor.environmentOf(scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING));
        Set<String> names = new HashSet<>(env.stringPropertyNames());
        names.remove("PWD"); // set by sh itself, under Mesos too
        assertThat(names).containsExactlyInAnyOrder(
                "LIBPROCESS_IP", "LIBPROCESS_PORT", "MESOS_AGENT_ENDPOINT", "MESOS_CHECKPOINT", "MESOS_DIRECTORY", "MESOS_SANDBOX",
                "MESOS_EXECUTOR_ID", "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "MESOS_FRAMEWORK_ID", "MESOS_HTTP_COMMAND_EXECUTOR",
                "MESOS_SLAVE_ID", "MESOS_SLAVE_PID", "PATH", "PACER_TEST", "test.pid", "test.cwd");
        String endpoint = offer.getUrl().getAddress().getIp() + ":" + offer.getUrl().getAddress().getPort();
        assertThat(env.getProperty("MESOS_AGENT_ENDPOINT")).isEqualTo(endpoint);
        assertThat(env.getProperty("MESOS_SLAVE_PID")).isEqualTo("slave(1)@" + endpoint);
        assertThat(env.getProperty("MESOS_SLAVE_ID")).isEqualTo(offer.getAgentId().getValue());
        assertThat(env.getProperty("MESOS_FRAMEWORK_ID")).isEqualTo(scheduler.frameworkId().getValue());
        assertThat(env.getProperty("MESOS_EXECUTOR_ID")).isEqualTo(task.getExecutor().getExecutorId().getValue());
        assertThat(env.getProperty("MESOS_CHECKPOINT")).isEqualTo("0");
        assertThat(env.getProperty("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD")).isEqualTo("1500ms"); // stout writes 1.5 s so
        assertThat(env.getProperty("LIBPROCESS_PORT")).isEqualTo("0");
        assertThat(env.getProperty("PATH")).isEqualTo("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(env.getProperty("PACER_TEST")).isEqualTo("conformance");
        Path sandbox = Path.of(env.getProperty("MESOS_SANDBOX"));
        assertThat(env.getProperty("MESOS_DIRECTORY")).isEqualTo(sandbox.toString());
        assertThat(env.getProperty("test.cwd")).isEqualTo(sandbox.toString());
        assertThat(sandbox.getParent().getFileName().toString()).isEqualTo("runs");
        assertThat(sandbox.getParent().getParent().toString()).endsWith(
                "/slaves/" + offer.getAgentId().getValue() + "/frameworks/" + scheduler.frameworkId().getValue()
                        + "/executors/" + task.getExecutor().getExecutorId().getValue());
        assertThat(sandbox.resolve("stdout")).exists();
        assertThat(sandbox.resolve("stderr")).exists();
    }

    @Test
    void executorRunsInASessionAndProcessGroupOfItsOwn() throws Exception {
        Offer offer = scheduler.awaitOffer();
        TaskInfo.Builder task = Tasks.task(offer, "run");
        scheduler.call(Tasks.launch(offer, task));
        Properties env = TestExecutor.environmentOf(scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING));
        String pid = env.getProperty("test.pid");
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertThat(fields[2]).as("process group").isEqualTo(pid);
        assertThat(fields[3]).as("session").isEqualTo(pid);
    }

    @Test
    void tasksWithTheSameExecutorIdShareOneExecutor() {
        Offer offer = scheduler.awaitOffer();
        ExecutorInfo.Builder executor = Tasks.executor("shared");
        TaskInfo.Builder first = Tasks.task(offer, executor, "run");
        TaskInfo.Builder second = Tasks.task(offer, executor, "run");
        scheduler.call(Tasks.launch(offer, first, second));
        String firstPid = TestExecutor.environmentOf(scheduler.awaitUpdate(first.getTaskId(), TaskState.TASK_RUNNING)).getProperty("test.pid");
        String secondPid = TestExecutor.environmentOf(scheduler.awaitUpdate(second.getTaskId(), TaskState.TASK_RUNNING)).getProperty("test.pid");
        assertThat(secondPid).isEqualTo(firstPid);
    }

    @Test
    void resourcesInUseAreNotOfferedAgain() {
        Offer offer = scheduler.awaitOffer();
        TaskInfo.Builder task = Tasks.task(offer, "run").addResources(Tasks.ports(31003, 31004));
        scheduler.call(Tasks.launch(offer, task).setAccept(Tasks.launch(offer, task).getAccept().toBuilder()
                .setFilters(Filters.newBuilder().setRefuseSeconds(0))));
        Offer next = scheduler.awaitOffer();
        // the task's cpus:0.2 mem:64 and its executor's cpus:0.1 mem:128 are in use
        assertThat(Resources.fromProtos(next.getResourcesList()).toString())
                .isEqualTo("cpus:1.7; disk:2000; mem:832; ports:[31000-31002, 31005-31009]");
    }

    @Test
    void executorUrisAreFetchedIntoTheSandbox() throws Exception {
        Path artifact = Files.writeString(workDir.resolve("artifact.txt"), "fetched");
        Offer offer = scheduler.awaitOffer();
        ExecutorInfo.Builder executor = Tasks.executor("fetching");
        executor.getCommandBuilder().addUris(CommandInfo.URI.newBuilder().setValue(artifact.toUri().toString()).setOutputFile("lib/renamed.txt"));
        TaskInfo.Builder task = Tasks.task(offer, executor, "run");
        scheduler.call(Tasks.launch(offer, task));
        Path sandbox = Path.of(TestExecutor.environmentOf(scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING)).getProperty("MESOS_SANDBOX"));
        assertThat(sandbox.resolve("lib/renamed.txt")).hasContent("fetched");
    }

    @Test
    void executorWhoseUrisCannotBeFetchedFailsItsTask() {
        Offer offer = scheduler.awaitOffer();
        ExecutorInfo.Builder executor = Tasks.executor("unfetchable");
        executor.getCommandBuilder().addUris(CommandInfo.URI.newBuilder().setValue("/no/such/file.jar"));
        TaskInfo.Builder task = Tasks.task(offer, executor, "run");
        scheduler.call(Tasks.launch(offer, task));
        TaskStatus failed = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_FAILED);
        assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(failed.getMessage()).contains("/no/such/file.jar");
        assertThat(scheduler.await(Event.Type.FAILURE).getFailure().getExecutorId())
                .isEqualTo(executor.getExecutorId());
    }

    @Test
    void taskWithBothCommandAndExecutorIsAnError() {
        Offer offer = scheduler.awaitOffer();
        TaskInfo.Builder task = Tasks.task(offer, "run").setCommand(CommandInfo.newBuilder().setValue("true"));
        scheduler.call(Tasks.launch(offer, task));
        assertTaskError(task, "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present");
    }

    @Test
    void taskWithNeitherCommandNorExecutorIsAnError() {
        Offer offer = scheduler.awaitOffer();
        TaskInfo.Builder task = Tasks.task(offer, "run").clearExecutor();
        scheduler.call(Tasks.launch(offer, task));
        assertTaskError(task, "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present");
    }

    @Test
    void taskNeedingMoreThanTheOfferIsAnError() {
        Offer offer = scheduler.awaitOffer();
        TaskInfo.Builder task = Tasks.task(offer, "run").addResources(Tasks.scalar("cpus", 5));
        scheduler.call(Tasks.launch(offer, task));
        TaskStatus error = assertTaskError(task, "Total resources ");
        assertThat(error.getMessage()).contains("required by task and its executor is more than available");
    }

    @Test
    void executorInfoDifferentFromTheRunningOneWithTheSameIdIsAnError() {
        Offer offer = scheduler.awaitOffer();
        TaskInfo.Builder first = Tasks.task(offer, Tasks.executor("same-id"), "run");
        TaskInfo.Builder second = Tasks.task(offer, Tasks.executor("same-id").setName("changed"), "run");
        scheduler.call(Tasks.launch(offer, first, second));
        assertTaskError(second, "ExecutorInfo is not compatible with existing ExecutorInfo with same ExecutorID");
        scheduler.awaitUpdate(first.getTaskId(), TaskState.TASK_RUNNING);
    }

    @Test
    void nonCustomExecutorIsAnError() {
        Offer offer = scheduler.awaitOffer();
        TaskInfo.Builder task = Tasks.task(offer, Tasks.executor("default-type").setType(ExecutorInfo.Type.DEFAULT), "run");
        scheduler.call(Tasks.launch(offer, task));
        assertTaskError(task, "'ExecutorInfo.type' must be 'CUSTOM'");
    }

    @Test
    void launchWithAnUnknownOfferIsLost() {
        Offer offer = scheduler.awaitOffer();
        Offer stale = offer.toBuilder().setId(OfferID.newBuilder().setValue("no-such-offer")).build();
        TaskInfo.Builder task = Tasks.task(offer, "run");
        scheduler.call(Tasks.launch(stale, task));
        TaskStatus lost = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_LOST);
        assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
        assertThat(lost.getMessage()).isEqualTo("Task launched with invalid offers: Offer no-such-offer is no longer valid");
        assertThat(lost.hasUuid()).isFalse();
    }

    @Test
    void launchGroupIsRefused() {
        Offer offer = scheduler.awaitOffer();
        TaskInfo.Builder task = Tasks.task(offer, "run").clearExecutor();
        scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId())
                .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH_GROUP)
                        .setLaunchGroup(Offer.Operation.LaunchGroup.newBuilder()
                                .setExecutor(Tasks.executor("group").setType(ExecutorInfo.Type.DEFAULT).clearCommand())
                                .setTaskGroup(TaskGroupInfo.newBuilder().addTasks(task))))));
        TaskStatus error = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_ERROR);
        assertThat(error.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_GROUP_INVALID);
        assertThat(error.getMessage()).contains("LAUNCH_GROUP is not supported");
    }

    @Test
    void reservationsAreRefusedWithAnOperationError() {
        Offer offer = scheduler.awaitOffer();
        scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId())
                .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.RESERVE)
                        .setId(OperationID.newBuilder().setValue("reserve-1"))
                        .setReserve(Offer.Operation.Reserve.newBuilder().addResources(Tasks.scalar("cpus", 1))))));
        OperationStatus status = scheduler.await(Event.Type.UPDATE_OPERATION_STATUS).getUpdateOperationStatus().getStatus();
        assertThat(status.getOperationId().getValue()).isEqualTo("reserve-1");
        assertThat(status.getState()).isEqualTo(OperationState.OPERATION_ERROR);
        assertThat(status.getMessage()).contains("RESERVE");
        assertThat(status.hasUuid()).isFalse();
    }

    private TaskStatus assertTaskError(TaskInfo.Builder task, String messageStart) {
        TaskStatus error = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_ERROR);
        assertThat(error.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
        assertThat(error.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
        assertThat(error.getMessage()).startsWith(messageStart);
        assertThat(error.hasUuid()).as("master-generated updates are not acknowledged").isFalse();
        return error;
    }

}
