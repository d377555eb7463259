package io.pacer.executor.driver;

import static io.pacer.executor.driver.DriverFixture.acknowledged;
import static io.pacer.executor.driver.DriverFixture.kill;
import static io.pacer.executor.driver.DriverFixture.launch;
import static io.pacer.executor.driver.DriverFixture.of;
import static io.pacer.executor.driver.DriverFixture.settings;
import static io.pacer.executor.driver.DriverFixture.subscribed;
import static io.pacer.executor.driver.DriverFixture.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.mesos.v1.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_KILLING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorDriverTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final URI AGENT = URI.create("http://127.0.0.1:5051");

    @TempDir
    Path sandbox;

    final RecordingConnection agent = new RecordingConnection();
    DriverFixture fixture;

    @AfterEach
    void close() {
        fixture.close();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }

    ExecutorDriver driver(boolean checkpoint, Duration idle, Duration ackTimeout, Duration shutdownGrace) {
        fixture = new DriverFixture(settings(sandbox, AGENT, checkpoint, idle, ackTimeout, shutdownGrace));
        fixture.driver.attach(agent);
        return fixture.driver;
    }

    static Predicate update(String taskId, TaskState state) {
        return c -> c.getType() == Call.Type.UPDATE && c.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
                && c.getUpdate().getStatus().getState() == state;
    }

    interface Predicate extends java.util.function.Predicate<Call> {
    }

    /** The tasks' shells have set their traps once their sleeps run. */
    static void awaitSleeping(int count) throws InterruptedException {
        io.pacer.executor.Eventually.await(count + " sleep(s)", WAIT, () -> ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("sleep")).count() >= count);
    }

    List<TaskStatus> updates() {
        return agent.calls.stream().filter(c -> c.getType() == Call.Type.UPDATE).map(c -> c.getUpdate().getStatus()).toList();
    }

    @Test
    void updatesCarryFreshUuidsAndAreKeptUntilAcknowledgedAndTheExecutorLeavesWhenIdleAndAllIsAcknowledged() throws Exception {
        ExecutorDriver driver = driver(false, Duration.ofMillis(200), WAIT, Duration.ofSeconds(5));
        driver.onEvent(subscribed(true));
        driver.onEvent(launch(task("t1", "{\"cmd\": \"exit 0\"}")));

        Call finished = agent.await(update("t1", TASK_FINISHED), WAIT);

        assertThat(finished.getFrameworkId().getValue()).isEqualTo("framework-1");
        assertThat(finished.getExecutorId().getValue()).isEqualTo("executor-1");
        List<TaskStatus> updates = updates();
        assertThat(updates).extracting(TaskStatus::getState).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
        assertThat(updates).allSatisfy(s -> {
            assertThat(s.getUuid().size()).isEqualTo(16);
            assertThat(s.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
            assertThat(s.getExecutorId().getValue()).isEqualTo("executor-1");
            assertThat(s.getTimestamp()).isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(30.0));
        });
        assertThat(updates).extracting(TaskStatus::getUuid).doesNotHaveDuplicates();
        assertThat(updates.get(1).getLabels().getLabels(0).getKey()).isEqualTo("endpoint");

        Call.Subscribe before = driver.subscribeCall().getSubscribe();
        assertThat(before.getUnacknowledgedUpdatesList()).extracting(u -> u.getStatus().getUuid())
                .containsExactlyElementsOf(updates.stream().map(TaskStatus::getUuid).toList());
        assertThat(before.getUnacknowledgedTasksList()).extracting(t -> t.getTaskId().getValue()).containsExactly("t1");

        driver.onEvent(acknowledged(updates.get(0)));
        driver.onEvent(acknowledged(updates.get(1)));
        Thread.sleep(400); // longer than the idle timeout: the executor must still wait for the last acknowledgement
        assertThat(fixture.exit).isNotDone();
        Call.Subscribe after = driver.subscribeCall().getSubscribe();
        assertThat(after.getUnacknowledgedUpdatesList()).extracting(u -> u.getStatus().getState()).containsExactly(TASK_FINISHED);
        assertThat(after.getUnacknowledgedTasksList()).isEmpty();

        driver.onEvent(acknowledged(updates.get(2)));
        assertThat(fixture.exit.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(agent.closed).isTrue();
    }

    @Test
    void withoutAcknowledgementTheExecutorLeavesAfterTheFailSafeTimeout() throws Exception {
        ExecutorDriver driver = driver(false, Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofSeconds(5));
        driver.onEvent(subscribed(false));
        driver.onEvent(launch(task("t1", "{\"cmd\": \"exit 1\"}")));
        agent.await(update("t1", TASK_FAILED), WAIT);
        long failedAt = System.nanoTime();

        assertThat(fixture.exit.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - failedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void updatesMadeWhileDisconnectedGoIntoTheNextSubscribeAndNotTwice() throws Exception {
        ExecutorDriver driver = driver(true, WAIT, WAIT, Duration.ofSeconds(5));
        driver.onEvent(subscribed(false));
        driver.onEvent(launch(task("t1", "{\"cmd\": \"while [ ! -f go ]; do sleep 0.02; done\"}")));
        agent.await(update("t1", TASK_RUNNING), WAIT);

        driver.onDisconnected(new java.io.IOException("agent restarting"));
        Files.writeString(sandbox.resolve("tasks/t1/go"), "");
        io.pacer.executor.Eventually.await("TASK_FINISHED kept", WAIT, () -> driver.subscribeCall().getSubscribe()
                .getUnacknowledgedUpdatesList().stream().anyMatch(u -> u.getStatus().getState() == TASK_FINISHED));

        Call.Subscribe resubscribe = driver.subscribeCall().getSubscribe();
        assertThat(resubscribe.getUnacknowledgedUpdatesList()).extracting(u -> u.getStatus().getState())
                .containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
        assertThat(resubscribe.getUnacknowledgedTasksList()).hasSize(1);
        driver.onEvent(subscribed(false));
        // Events are handled in order, and updates sent in order: once t2's first update is out, a re-send of t1's would be too.
        driver.onEvent(launch(task("t2", "{\"cmd\": \"exit 0\"}")));
        agent.await(update("t2", TASK_STARTING), WAIT);
        assertThat(updates()).filteredOn(s -> s.getTaskId().getValue().equals("t1")).extracting(TaskStatus::getState)
                .containsExactly(TASK_STARTING, TASK_RUNNING);
        agent.await(update("t2", TASK_FINISHED), WAIT);
    }

    @Test
    void aKillUsesTheEventsKillPolicyAndReportsKillingWhenTheFrameworkCanTakeIt() throws Exception {
        ExecutorDriver driver = driver(false, WAIT, WAIT, Duration.ofSeconds(5));
        driver.onEvent(subscribed(true));
        driver.onEvent(launch(task("t1", "{\"cmd\": \"trap '' TERM; sleep 60 & wait\"}")));
        agent.await(update("t1", TASK_RUNNING), WAIT);
        awaitSleeping(1);

        long start = System.nanoTime();
        driver.onEvent(kill("t1", Optional.of(Duration.ofMillis(200))));
        TaskStatus killed = agent.await(update("t1", TASK_KILLED), WAIT).getUpdate().getStatus();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(3));
        assertThat(updates()).extracting(TaskStatus::getState).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_KILLING, TASK_KILLED);
        assertThat(killed.getMessage()).isEqualTo("Command terminated with signal SIGKILL (status 137)");
    }

    @Test
    void shutdownKillsEveryTaskWithinTheGracePeriodAndLeavesOnceTheKillsAreAcknowledged() throws Exception {
        ExecutorDriver driver = driver(false, WAIT, WAIT, Duration.ofMillis(3000));
        driver.onEvent(subscribed(false));
        driver.onEvent(launch(task("a", "{\"cmd\": \"trap '' TERM; sleep 60 & wait\"}")));
        driver.onEvent(launch(task("b", "{\"cmd\": \"exec sleep 60\"}")));
        agent.await(update("a", TASK_RUNNING), WAIT);
        agent.await(update("b", TASK_RUNNING), WAIT);
        awaitSleeping(2);

        long start = System.nanoTime();
        driver.onEvent(of(Event.Type.SHUTDOWN));
        TaskStatus a = agent.await(update("a", TASK_KILLED), WAIT).getUpdate().getStatus();
        Duration aKilledAfter = Duration.ofNanos(System.nanoTime() - start);
        TaskStatus b = agent.await(update("b", TASK_KILLED), WAIT).getUpdate().getStatus();
        assertThat(fixture.exit).isNotDone();
        updates().forEach(s -> driver.onEvent(acknowledged(s)));

        assertThat(fixture.exit.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(aKilledAfter).as("the tasks get the grace period minus the executor's own 2 s")
                .isBetween(Duration.ofMillis(900), Duration.ofMillis(2000));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3000));
        assertThat(a.getMessage()).isEqualTo("Command terminated with signal SIGKILL (status 137)");
        assertThat(b.getMessage()).isEqualTo("Command terminated with signal SIGTERM (status 143)");
    }

    @Test
    void anInvalidTaskFailsAndAnotherTaskIsNotDisturbed() throws Exception {
        ExecutorDriver driver = driver(false, WAIT, WAIT, Duration.ofSeconds(5));
        driver.onEvent(subscribed(false));
        driver.onEvent(launch(task("bad", "{\"command\": \"x\"}")));
        driver.onEvent(launch(task("good", "{\"args\": [\"true\"]}")));

        TaskStatus bad = agent.await(update("bad", TASK_FAILED), WAIT).getUpdate().getStatus();
        agent.await(update("good", TASK_FINISHED), WAIT);

        assertThat(bad.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
        assertThat(bad.getMessage()).startsWith("Invalid task: unknown field command");
    }

    @Test
    void anAgentGoneForGoodKillsTheTasksAndEndsTheExecutor() throws Exception {
        ExecutorDriver driver = driver(false, WAIT, WAIT, Duration.ofSeconds(5));
        driver.onEvent(subscribed(false));
        driver.onEvent(launch(task("t1", "{\"cmd\": \"exec sleep 60\"}")));
        agent.await(update("t1", TASK_RUNNING), WAIT);

        agent.failing = true;
        driver.onDisconnected(new java.io.IOException("stream closed"));
        driver.onGaveUp(new java.io.IOException("stream closed"));

        assertThat(fixture.exit.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("the task was stopped before the executor left").isEmpty();
    }

    @Test
    void reconnectingFollowsCheckpointing() throws Exception {
        ExecutorDriver plain = driver(false, WAIT, WAIT, Duration.ofSeconds(5));
        assertThat(plain.reconnectPolicy().nextDelay(5, Duration.ofSeconds(30))).as("before SUBSCRIBED: every second")
                .contains(Duration.ofSeconds(1));
        assertThat(plain.reconnectPolicy().nextDelay(60, Duration.ofMinutes(2))).isEmpty();
        plain.onEvent(subscribed(false));
        io.pacer.executor.Eventually.await("subscribed", WAIT, () -> plain.reconnectPolicy().nextDelay(1, Duration.ZERO).isEmpty());

        fixture.close();
        ExecutorDriver checkpointing = driver(true, WAIT, WAIT, Duration.ofSeconds(5));
        checkpointing.onEvent(subscribed(false));
        io.pacer.executor.Eventually.await("subscribed", WAIT, () -> checkpointing.reconnectPolicy().nextDelay(1, Duration.ZERO)
                .map(d -> d.compareTo(Duration.ofMillis(100)) <= 0).orElse(false));
        assertThat(checkpointing.reconnectPolicy().nextDelay(3, Duration.ofSeconds(1)).orElseThrow())
                .isLessThanOrEqualTo(Duration.ofMillis(100));
        assertThat(checkpointing.reconnectPolicy().nextDelay(50, Duration.ofSeconds(5))).as("recovery timeout over").isEmpty();
    }
}
