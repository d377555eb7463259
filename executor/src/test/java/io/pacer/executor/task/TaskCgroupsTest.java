package io.pacer.executor.task;

import static org.apache.mesos.v1.Protos.TaskState.TASK_FAILED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_KILLED;
import static org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING;
import static org.apache.mesos.v1.Protos.TaskState.TASK_STARTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pacer.cgroups.Cgroup;
import io.pacer.cgroups.CgroupHierarchies;
import io.pacer.cgroups.Found;
import io.pacer.executor.Eventually;
import io.pacer.executor.LiveProcesses;
import io.pacer.executor.TestRuns;
import io.pacer.executor.health.CheckEventLoop;
import io.pacer.executor.health.HealthProbes;
import io.pacer.executor.isolation.TaskIsolation;
import io.pacer.executor.process.LogRotator;
import io.pacer.executor.process.ProcessLauncher;
import io.pacer.executor.process.TaskEnvironment;
import io.pacer.executor.spec.LogRotation;
import io.pacer.executor.spec.TaskCommand;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.spec.TaskResources;
import io.pacer.executor.spec.TaskSpec;
import io.pacer.executor.workload.ProcessWorkload;
import io.pacer.executor.workload.Workload;
import io.pacer.executor.workload.WorkloadUsage;
import io.pacer.executor.workload.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-task cgroups with real cgroups: an executor cgroup of the test's own under {@code pacer/}, the tasks' nested in
 * it as the executor nests them in its container's. Skipped, saying why, where cgroups cannot be written.
 */
class TaskCgroupsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String EAT_200_MB = "dd if=/dev/zero of=/dev/null bs=200M count=1";

    @TempDir
    Path sandbox;

    private final RecordingListener updates = new RecordingListener();
    private final Map<String, Workload> workloads = new ConcurrentHashMap<>();
    private final CheckEventLoop loop = new CheckEventLoop();
    private final ExecutorService commandWaiter = Executors.newCachedThreadPool();
    private final LogRotator rotator = new LogRotator(Duration.ofMillis(100));
    private CgroupHierarchies hierarchies;
    private Cgroup executorCgroup;
    private TaskIsolation isolation;

    @BeforeEach
    void executorCgroup() {
        Found<CgroupHierarchies> found = CgroupHierarchies.detect(Path.of("/proc/self/mounts"));
        assumeTrue(found.value().isPresent(), "cgroups: " + found.why());
        hierarchies = found.value().get();
        executorCgroup = hierarchies.at(Path.of("pacer", "executor-test-" + UUID.randomUUID()));
        try {
            executorCgroup.create();
        } catch (IOException e) {
            assumeTrue(false, "cgroups are not writable here: " + e);
        }
        isolation = TaskIsolation.within(executorCgroup);
    }

    @AfterEach
    void nothingLeft() throws Exception {
        if (isolation == null) {
            return;
        }
        List<Long> left = executorCgroup.processes();
        isolation.close();
        executorCgroup.destroy();
        for (Path directory : hierarchies.directories()) {
            try {
                Files.deleteIfExists(directory.resolve("pacer"));
            } catch (IOException e) {
                // another test's cgroups are in it
            }
        }
        loop.close();
        commandWaiter.shutdownNow();
        rotator.close();
        assertThat(left).as("processes left in the executor's cgroup").isEmpty();
    }

    @Test
    void aTaskOverItsMemoryIsKilledAloneWithMesossLimitationWhileItsSiblingRuns() throws Exception {
        TaskRunner sibling = TaskRunner.start(task("sibling", "sleep 300", 32), runtime(Optional.empty()));
        // The shell outlives the dd the kernel kills: the task still ends, as Mesos destroys the whole container.
        TaskRunner greedy = TaskRunner.start(task("greedy", EAT_200_MB + "; sleep 300", 32), runtime(Optional.empty()));

        TaskUpdate end = greedy.terminal().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(end.state()).isEqualTo(TASK_FAILED);
        assertThat(end.reason()).contains(Reason.REASON_CONTAINER_LIMITATION_MEMORY);
        assertThat(end.message()).startsWith("Memory limit exceeded: Requested: 32MB Maximum Used: ").contains("\n\nMEMORY STATISTICS: \n");
        assertThat(sibling.terminal()).isNotDone();
        assertThat(executorCgroup.children()).containsExactly("task-sibling");
        sibling.kill(Optional.of(Duration.ZERO));
        assertThat(sibling.terminal().get(WAIT.toSeconds(), TimeUnit.SECONDS).state()).isEqualTo(TASK_KILLED);
        assertThat(executorCgroup.children()).isEmpty();
    }

    @Test
    void killingATaskKillsEverythingInItsCgroupEvenWhatLeftItsSession() throws Exception {
        TaskRunner runner = TaskRunner.start(task("forks", "setsid sh -c 'sleep 301 & sleep 302 &' & sleep 303", 64),
                runtime(Optional.empty()));
        Eventually.await("three sleeps and the shell in the task's cgroup", WAIT, () -> executorCgroup.processes().size() >= 4);
        List<Long> pids = executorCgroup.processes();

        runner.kill(Optional.of(Duration.ofSeconds(1)));

        assertThat(runner.terminal().get(WAIT.toSeconds(), TimeUnit.SECONDS).state()).isEqualTo(TASK_KILLED);
        assertThat(pids).noneMatch(LiveProcesses::isRunning);
        assertThat(executorCgroup.children()).isEmpty();
    }

    @Test
    void aTaskHasItsOwnLimitsAndItsUsageIsCounted() throws Exception {
        TaskRunner runner = TaskRunner.start(task("busy", "while :; do :; done", 48), runtime(Optional.empty()));
        updates.await(u -> u.taskId().equals("busy") && u.state() == TASK_RUNNING, WAIT);
        Path memory = executorCgroup.child("task-busy").directory("memory");
        assertThat(Files.readString(memory.resolve("memory.limit_in_bytes")).trim()).isEqualTo(Long.toString(48L << 20));
        assertThat(Files.readString(executorCgroup.child("task-busy").directory("cpu").resolve("cpu.shares")).trim()).isEqualTo("256");

        Eventually.await("CPU time counted", WAIT, () -> usage("busy").usage().cpusUserTimeSecs() > 0.2);
        WorkloadUsage usage = usage("busy");
        assertThat(usage.isolated()).isTrue();
        assertThat(usage.cpusLimit()).isEqualTo(0.25);
        assertThat(usage.memLimitBytes()).isEqualTo(48L << 20);
        assertThat(usage.usage().memTotalBytes()).isPresent();
        runner.kill(Optional.of(Duration.ZERO));
        runner.terminal().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void withoutPerTaskCgroupsAProcessTaskSaysSoInItsFirstStartingUpdate() throws Exception {
        TaskRunner runner = TaskRunner.start(task("plain", "true", 32), runtime(Optional.of("this process is in no cpu cgroup of its own")));

        runner.terminal().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        TaskUpdate starting = updates.of("plain").get(0);
        assertThat(starting.state()).isEqualTo(TASK_STARTING);
        assertThat(starting.message()).isEqualTo("Starting (without a cgroup of its own: its cpus and mem are not enforced"
                + " apart from the executor's, as this process is in no cpu cgroup of its own)");
    }

    private WorkloadUsage usage(String taskId) {
        return workloads.get(taskId).usage().orElseThrow();
    }

    private TaskRuntime runtime(Optional<String> noTaskCgroups) {
        ProcessLauncher launcher = new ProcessLauncher(rotator);
        TaskIsolation used = noTaskCgroups.isPresent() ? TaskIsolation.unavailable(noTaskCgroups.get()) : isolation;
        TaskListener listener = new CompositeTaskListener(List.of(updates, new TaskListener() {
            @Override
            public void workloadStarted(String taskId, Workload workload) {
                workloads.put(taskId, workload);
            }

            @Override
            public void statusChanged(TaskUpdate update) {
            }
        }));
        return new TaskRuntime(sandbox, (artifacts, dir, progress) -> { }, new Workloads(ProcessWorkload.launcher(launcher, used), () -> {
            throw new AssertionError("no containers here");
        }), new TaskEnvironment(Map.of("PATH", "/usr/bin:/bin"), "localhost", TestRuns.ID), new HealthProbes(loop, launcher, commandWaiter),
                listener, true, Map::of, noTaskCgroups);
    }

    private static TaskDescription task(String id, String cmd, double memMb) {
        return new TaskDescription(id, id, new TaskSpec(Optional.of(new TaskCommand.Shell(cmd)), Map.of(), List.of(), List.of(),
                Optional.empty(), Optional.empty(), LogRotation.DEFAULT), new TaskResources(0.25, memMb, 0, 0, List.of()),
                Optional.empty(), Optional.empty(), Map.of(), Optional.empty());
    }
}
