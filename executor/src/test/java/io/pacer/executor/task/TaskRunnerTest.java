package io.pacer.executor.task;

import static io.pacer.executor.driver.DriverFixture.processWorkloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.mesos.v1.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_KILLING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;

import io.pacer.executor.Eventually;
import io.pacer.executor.TestRuns;
import io.pacer.executor.health.CheckEventLoop;
import io.pacer.executor.health.HealthCheckSpec;
import io.pacer.executor.health.HealthProbes;
import io.pacer.executor.health.LocalHttpServer;
import io.pacer.executor.process.LogRotator;
import io.pacer.executor.readiness.ReadinessCheckSpec;
import io.pacer.executor.readiness.ReadinessReport;
import io.pacer.executor.process.ProcessLauncher;
import io.pacer.executor.process.TaskEnvironment;
import io.pacer.executor.spec.ArtifactSpec;
import io.pacer.executor.spec.LogRotation;
import io.pacer.executor.spec.TaskCommand;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.spec.TaskResources;
import io.pacer.executor.spec.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskRunnerTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path sandbox;

    final RecordingListener listener = new RecordingListener();
    final CheckEventLoop loop = new CheckEventLoop();
    final ExecutorService commandWaiter = Executors.newCachedThreadPool();
    final LogRotator rotator = new LogRotator(Duration.ofMillis(100));
    final List<TaskRunner> runners = new ArrayList<>();

    @AfterEach
    void noTaskLeavesAProcess() throws Exception {
        for (TaskRunner r : runners) {
            r.kill(Optional.of(Duration.ZERO));
            r.terminal().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        }
        loop.close();
        commandWaiter.shutdownNow();
        rotator.close();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }

    TaskRuntime runtime(ArtifactStage artifacts, boolean taskKillingState) {
        ProcessLauncher launcher = new ProcessLauncher(rotator);
        return new TaskRuntime(sandbox, artifacts, processWorkloads(launcher), new TaskEnvironment(Map.of("PATH", "/usr/bin:/bin"), "localhost", TestRuns.ID),
                new HealthProbes(loop, launcher, commandWaiter), listener, taskKillingState,
                () -> Map.of("pacer.executor.endpoint", "http://127.0.0.1:1234"), Optional.empty());
    }

    static TaskDescription task(String id, String cmd, List<ArtifactSpec> artifacts) {
        return new TaskDescription(id, id, new TaskSpec(Optional.of(new TaskCommand.Shell(cmd)), Map.of(), artifacts, List.of(),
                Optional.empty(), Optional.empty(), LogRotation.DEFAULT), new TaskResources(0.1, 32, 0, 0, List.of()),
                Optional.empty(), Optional.empty(), Map.of(), Optional.empty());
    }

    TaskRunner start(TaskDescription task, TaskRuntime runtime) {
        TaskRunner runner = TaskRunner.start(task, runtime);
        runners.add(runner);
        return runner;
    }

    static final ArtifactStage NO_ARTIFACTS = (artifacts, dir, progress) -> {
        throw new AssertionError("no artifacts expected");
    };

    @Test
    void aCommandThatExitsZeroFinishesAfterStartingAndRunningInItsOwnSandbox() throws Exception {
        TaskRunner runner = start(task("ok", "pwd; echo $MESOS_TASK_ID", List.of()), runtime(NO_ARTIFACTS, true));

        TaskUpdate end = runner.terminal().get();

        assertThat(end.state()).isEqualTo(TASK_FINISHED);
        assertThat(end.message()).isEqualTo("Command exited with status 0");
        assertThat(listener.statesOf("ok")).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_FINISHED);
        assertThat(listener.of("ok").get(1).labels()).containsEntry("pacer.executor.endpoint", "http://127.0.0.1:1234");
        Path taskDir = sandbox.resolve("tasks/ok");
        assertThat(Files.readString(taskDir.resolve("stdout"))).isEqualTo(taskDir.toRealPath() + "\nok\n");
    }

    @Test
    void aCommandThatExitsNonZeroFailsWithItsStatus() throws Exception {
        TaskUpdate end = start(task("bad", "echo dying >&2; exit 3", List.of()), runtime(NO_ARTIFACTS, true)).terminal().get();

        assertThat(end.state()).isEqualTo(TASK_FAILED);
        assertThat(end.message()).isEqualTo("Command exited with status 3");
        assertThat(Files.readString(sandbox.resolve("tasks/bad/stderr"))).isEqualTo("dying\n");
    }

    @Test
    void aStagingFailureFailsTheLaunchNamingTheArtifactAndTheCause() throws Exception {
        ArtifactSpec artifact = new ArtifactSpec("http://repo/app.tgz", true, false, false, Optional.empty(), Optional.of("0".repeat(64)));
        ArtifactStage failing = (artifacts, dir, progress) -> {
            throw new ArtifactStageException(artifacts.get(0), "sha256 mismatch: expected 000..., got 9f8...", null);
        };

        TaskUpdate end = start(task("staged", "true", List.of(artifact)), runtime(failing, true)).terminal().get();

        assertThat(listener.statesOf("staged")).containsExactly(TASK_STARTING, TASK_FAILED);
        assertThat(listener.of("staged").get(0).message()).isEqualTo("Staging 1 artifact(s)");
        assertThat(end.reason()).contains(Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(end.message()).isEqualTo("Staging artifact http://repo/app.tgz failed: sha256 mismatch: expected 000..., got 9f8...");
    }

    @Test
    void stagedArtifactsAreInTheSandboxBeforeTheCommandRuns() throws Exception {
        ArtifactSpec artifact = new ArtifactSpec("file:///tmp/hello.sh", false, true, false, Optional.of("hello.sh"), Optional.empty());
        ArtifactStage writer = (artifacts, dir, progress) -> {
            try {
                Files.writeString(dir.resolve("hello.sh"), "echo staged\n");
            } catch (java.io.IOException e) {
                throw new ArtifactStageException(artifacts.get(0), e.getMessage(), e);
            }
            progress.staged(artifacts.get(0), 12);
        };

        TaskUpdate end = start(task("with-artifact", "sh hello.sh", List.of(artifact)), runtime(writer, true)).terminal().get();

        assertThat(end.state()).isEqualTo(TASK_FINISHED);
        assertThat(Files.readString(sandbox.resolve("tasks/with-artifact/stdout"))).isEqualTo("staged\n");
    }

    @Test
    void aKillSendsKillingThenStopsTheWholeTreeUnderTheKillEventsPolicy() throws Exception {
        TaskRunner runner = start(task("stubborn", "trap '' TERM; sleep 60 & sleep 61 & wait", List.of()), runtime(NO_ARTIFACTS, true));
        listener.await(u -> u.state() == TASK_RUNNING, WAIT);
        Eventually.await("both sleeps", WAIT, () -> ProcessHandle.current().descendants().count() >= 3);

        long start = System.nanoTime();
        runner.kill(Optional.of(Duration.ofMillis(300)));
        TaskUpdate end = runner.terminal().get();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(listener.statesOf("stubborn")).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_KILLING, TASK_KILLED);
        assertThat(end.message()).isEqualTo("Command terminated with signal SIGKILL (status 137)");
        assertThat(end.healthy()).isEmpty();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }

    @Test
    void withoutTheCapabilityThereIsNoKillingState() throws Exception {
        TaskRunner runner = start(task("plain", "exec sleep 60", List.of()), runtime(NO_ARTIFACTS, false));
        listener.await(u -> u.state() == TASK_RUNNING, WAIT);

        runner.kill(Optional.empty());

        assertThat(runner.terminal().get().message()).isEqualTo("Command terminated with signal SIGTERM (status 143)");
        assertThat(listener.statesOf("plain")).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_KILLED);
    }

    @Test
    void aKillDuringSlowStagingEndsItWithoutDisturbingAnotherTask() throws Exception {
        CountDownLatch stagingEntered = new CountDownLatch(1);
        ArtifactSpec artifact = new ArtifactSpec("http://slow/app.tgz", true, false, false, Optional.empty(), Optional.empty());
        ArtifactStage slow = (artifacts, dir, progress) -> {
            if (artifacts.get(0).uri().contains("slow")) {
                stagingEntered.countDown();
                new CountDownLatch(1).await(); // until interrupted
            }
        };
        TaskRuntime runtime = runtime(slow, true);
        TaskRunner staging = start(task("slow", "true", List.of(artifact)), runtime);
        stagingEntered.await();

        TaskUpdate other = start(task("quick", "exit 0", List.of()), runtime).terminal().get();
        assertThat(other.state()).isEqualTo(TASK_FINISHED);
        assertThat(staging.terminal()).isNotDone();

        staging.kill(Optional.empty());
        TaskUpdate end = staging.terminal().get();

        assertThat(end.state()).isEqualTo(TASK_KILLED);
        assertThat(end.reason()).contains(Reason.REASON_TASK_KILLED_DURING_LAUNCH);
        assertThat(listener.statesOf("slow")).containsExactly(TASK_STARTING, TASK_KILLED);
    }

    @Test
    void aCommandThatCannotStartFailsTheLaunch() throws Exception {
        TaskDescription missing = new TaskDescription("missing", "missing", new TaskSpec(Optional.of(new TaskCommand.Args(List.of("/no/such/program"))),
                Map.of(), List.of(), List.of(), Optional.empty(), Optional.empty(), LogRotation.DEFAULT),
                new TaskResources(0, 0, 0, 0, List.of()), Optional.empty(), Optional.empty(), Map.of(), Optional.empty());

        TaskUpdate end = start(missing, runtime(NO_ARTIFACTS, true)).terminal().get();

        // setsid itself starts; it is the exec of the program that fails, with setsid's exit status 1.
        assertThat(end.state()).isEqualTo(TASK_FAILED);
        assertThat(Files.readString(sandbox.resolve("tasks/missing/stderr"))).contains("/no/such/program");
    }

    @Test
    void readinessIsCheckedFromRunningUntilReadyAndEachNewResultIsReportedInALabel() throws Exception {
        try (LocalHttpServer server = LocalHttpServer.http()) {
            server.status.set(503);
            ReadinessCheckSpec check = new ReadinessCheckSpec("warm", new HealthCheckSpec.Http(false, "127.0.0.1", server.port(),
                    "/ready", Set.of(200), ReadinessCheckSpec.LAST_RESPONSE_BODY_BYTES), Duration.ofMillis(30), Duration.ofSeconds(1), true);
            TaskDescription base = task("warming", "sleep 60", List.of());
            TaskSpec spec = base.spec();
            TaskDescription warming = new TaskDescription(base.taskId(), base.name(), new TaskSpec(spec.command(), spec.env(),
                    spec.artifacts(), spec.ports(), spec.appId(), spec.appVersion(), spec.logRotation(), List.of(check)),
                    base.resources(), Optional.empty(), Optional.of(Duration.ofMillis(100)), Map.of(), Optional.empty());
            TaskRunner runner = start(warming, runtime(NO_ARTIFACTS, true));

            TaskUpdate notReady = listener.await(u -> u.labels().containsKey(ReadinessReport.LABEL), WAIT);
            Eventually.await("more checks", WAIT, () -> server.requests.get() >= 3);
            server.status.set(200);
            TaskUpdate ready = listener.await(u -> u.labels().getOrDefault(ReadinessReport.LABEL, "").contains("\"ready\":true"), WAIT);
            runner.kill(Optional.empty());
            runner.terminal().get();

            assertThat(notReady.state()).isEqualTo(TASK_RUNNING);
            assertThat(notReady.reason()).contains(Reason.REASON_TASK_CHECK_STATUS_UPDATED);
            assertThat(notReady.message()).isEqualTo("Readiness check 'warm' of http://127.0.0.1:" + server.port() + "/ready: not ready, HTTP 503");
            assertThat(notReady.labels().get(ReadinessReport.LABEL))
                    .isEqualTo("{\"name\":\"warm\",\"ready\":false,\"lastResponse\":{\"status\":503,\"contentType\":\"\",\"body\":\"\"}}");
            assertThat(ready.message()).endsWith("/ready: ready, HTTP 200");
            assertThat(listener.of("warming").stream().filter(u -> u.labels().containsKey(ReadinessReport.LABEL)))
                    .as("one update per new result").hasSize(2);
        }
    }

    @Test
    void failingHealthChecksAreReportedAndKillTheTaskUnderItsKillPolicy() throws Exception {
        try (LocalHttpServer server = LocalHttpServer.http()) {
            HealthCheckSpec check = new HealthCheckSpec(new HealthCheckSpec.Http(false, "127.0.0.1", server.port(), "/health", Set.of()),
                    Duration.ZERO, Duration.ofMillis(30), Optional.of(Duration.ofSeconds(1)), 2, Duration.ofSeconds(30));
            TaskDescription base = task("checked", "trap '' TERM; sleep 60 & wait", List.of());
            TaskDescription checked = new TaskDescription(base.taskId(), base.name(), base.spec(), base.resources(),
                    Optional.of(check), Optional.of(Duration.ofMillis(100)), Map.of(), Optional.empty());
            TaskRunner runner = start(checked, runtime(NO_ARTIFACTS, true));

            TaskUpdate healthy = listener.await(u -> u.healthy().equals(Optional.of(true)), WAIT);
            server.status.set(503);
            TaskUpdate end = runner.terminal().get();

            assertThat(healthy.state()).isEqualTo(TASK_RUNNING);
            assertThat(healthy.reason()).contains(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED);
            assertThat(healthy.message()).isEqualTo("HTTP health check of http://127.0.0.1:" + server.port() + "/health passed: HTTP 200");
            List<TaskUpdate> unhealthy = listener.of("checked").stream().filter(u -> u.healthy().equals(Optional.of(false))).toList();
            assertThat(unhealthy).hasSize(3);
            assertThat(unhealthy.get(0).state()).isEqualTo(TASK_RUNNING);
            assertThat(unhealthy.get(0).message()).endsWith("failed 1 time(s) in a row: HTTP 503");
            assertThat(unhealthy.get(1).message()).endsWith("failed 2 time(s) in a row: HTTP 503");
            assertThat(listener.statesOf("checked")).containsExactly(TASK_STARTING, TASK_RUNNING, TASK_RUNNING, TASK_RUNNING,
                    TASK_RUNNING, TASK_KILLING, TASK_KILLED);
            assertThat(end.healthy()).contains(false);
            assertThat(end.message()).isEqualTo("Killed because the HTTP health check of http://127.0.0.1:" + server.port()
                    + "/health failed 2 consecutive times (limit 2), last: HTTP 503; command terminated with signal SIGKILL (status 137)");
            assertThat(listener.healthResults).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void stagingProgressBecomesStartingMessagesAtMostOnceASecond() throws Exception {
        ArtifactSpec artifact = new ArtifactSpec("http://repo/big.tgz", true, false, false, Optional.empty(), Optional.empty());
        ArtifactStage chatty = (artifacts, dir, progress) -> {
            long end = System.nanoTime() + Duration.ofMillis(1300).toNanos();
            for (int chunk = 1; System.nanoTime() < end; chunk++) { // a fetch reporting every 20 ms for 1.3 s
                progress.message("fetched " + chunk + " MiB of http://repo/big.tgz");
                Thread.sleep(20);
            }
            progress.staged(artifacts.get(0), 1 << 20);
        };

        TaskUpdate end = start(task("big", "true", List.of(artifact)), runtime(chatty, true)).terminal().get();

        assertThat(end.state()).isEqualTo(TASK_FINISHED);
        List<TaskUpdate> starting = listener.of("big").stream().filter(u -> u.state() == TASK_STARTING).toList();
        assertThat(starting).hasSize(2);
        assertThat(starting.get(0).message()).isEqualTo("Staging 1 artifact(s)");
        assertThat(starting.get(1).message()).matches("fetched \\d+ MiB of http://repo/big.tgz");
    }

    @Test
    void aCommandCheckRunsInTheTasksSandboxWithTheTasksEnvironment() throws Exception {
        HealthCheckSpec check = new HealthCheckSpec(new HealthCheckSpec.Command(
                new TaskCommand.Shell("test \"$MESOS_TASK_ID\" = cmd-checked && test -f ready && test \"$EXTRA\" = 1"), Map.of("EXTRA", "1")),
                Duration.ZERO, Duration.ofMillis(50), Optional.of(Duration.ofSeconds(5)), 3, Duration.ofSeconds(30));
        TaskDescription base = task("cmd-checked", "touch ready; exec sleep 60", List.of());
        TaskRunner runner = start(new TaskDescription(base.taskId(), base.name(), base.spec(), base.resources(),
                Optional.of(check), Optional.empty(), Map.of(), Optional.empty()), runtime(NO_ARTIFACTS, true));

        TaskUpdate healthy = listener.await(u -> u.healthy().equals(Optional.of(true)), WAIT);

        assertThat(healthy.message()).startsWith("COMMAND health check of /bin/sh -c test").endsWith("passed: exit status 0");
        runner.kill(Optional.of(Duration.ZERO));
        assertThat(runner.terminal().get().state()).isEqualTo(TASK_KILLED);
    }
}
