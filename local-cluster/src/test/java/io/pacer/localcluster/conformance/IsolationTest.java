package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pacer.localcluster.isolation.IsolationSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's isolation (issue 11), with real cgroups v1: Mesos's cgroups/mem and cgroups/cpu isolators and the
 * Linux launcher's freezer (src/slave/containerizer/mesos/isolators/cgroups, linux_launcher.cpp). Each test runs
 * only where this machine's cgroups are writable, and says so when skipped.
 */
@Tag(ClusterUnderTest.LOCAL_ONLY)
class IsolationTest {
    private static final Path MEMORY = Path.of("/sys/fs/cgroup/memory");
    private static final Path CPU = Path.of("/sys/fs/cgroup/cpu");
    private static final Path FREEZER = Path.of("/sys/fs/cgroup/freezer");

    @TempDir
    Path workDir;
    private ClusterUnderTest cluster;
    private TestScheduler scheduler;
    private Offer offer;

    private void start(IsolationSettings isolation) throws Exception {
        cluster = ClusterUnderTest.start(ClusterUnderTest.config(workDir).withIsolation(isolation));
        scheduler = TestScheduler.subscribe(cluster.master(), TestScheduler.framework("isolation").build());
        offer = scheduler.awaitOffer();
    }

    @AfterEach
    void stop() throws IOException {
        if (cluster == null) {
            return;
        }
        scheduler.close();
        cluster.close();
        assertThat(agentCgroups()).as("cgroups the agent made and left").isEmpty();
    }

    @Test
    void anExecutorContainerIsLimitedToItsExecutorsAndTasksResourcesAndKeepsItsHardLimitWhenTasksEnd() throws Exception {
        requireWritableCgroups();
        start(new IsolationSettings(IsolationSettings.Mode.CGROUPS, true));
        TaskInfo.Builder first = Tasks.task(offer, "run");
        TaskInfo.Builder second = Tasks.task(offer, first.getExecutor().toBuilder(), "run");
        scheduler.call(Tasks.launch(offer, first, second));
        scheduler.awaitUpdate(first.getTaskId(), TaskState.TASK_RUNNING);
        scheduler.awaitUpdate(second.getTaskId(), TaskState.TASK_RUNNING);

        Path container = onlyContainer();
        // executor cpus 0.1 / mem 128, each task cpus 0.2 / mem 64 (Tasks)
        assertThat(read(MEMORY, container, "memory.limit_in_bytes")).isEqualTo(256L << 20);
        assertThat(read(CPU, container, "cpu.shares")).isEqualTo(512);
        assertThat(read(CPU, container, "cpu.cfs_quota_us")).isEqualTo(50_000);
        assertThat(Files.readString(FREEZER.resolve(container).resolve("cgroup.procs"))).isNotBlank();

        scheduler.call(Tasks.kill(second.getTaskId()));
        scheduler.awaitUpdate(second.getTaskId(), TaskState.TASK_KILLED);
        Eventually.of(() -> read(MEMORY, container, "memory.soft_limit_in_bytes") == 192L << 20);
        assertThat(read(MEMORY, container, "memory.limit_in_bytes")).as("as Mesos: never lowered").isEqualTo(256L << 20);
        assertThat(read(CPU, container, "cpu.shares")).isEqualTo(307);
    }

    @Test
    void anExecutorKilledWithSigkillLeavesNoProcessNotEvenOneThatLeftItsSession() throws Exception {
        requireWritableCgroups();
        start(new IsolationSettings(IsolationSettings.Mode.CGROUPS, false));
        Escapee escapee = launchEscapee();
        executorProcess().destroyForcibly();

        scheduler.awaitUpdate(escapee.task().getTaskId(), TaskState.TASK_FAILED);
        Eventually.of(() -> ProcessHandle.of(escapee.pid()).map(p -> !p.isAlive()).orElse(true));
        Eventually.of(() -> agentCgroups().isEmpty());
    }

    @Test
    void aContainerOverItsMemoryIsDestroyedAndItsTasksFailWithTheMemoryLimitation() throws Exception {
        requireWritableCgroups();
        start(new IsolationSettings(IsolationSettings.Mode.CGROUPS, false));
        // dd's 400 MiB buffer, filled from /dev/zero, in a container limited to 192 MiB
        TaskInfo.Builder task = Tasks.task(offer, "shell:dd if=/dev/zero of=/dev/null bs=400M count=1");
        scheduler.call(Tasks.launch(offer, task));

        TaskStatus failed = scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_FAILED);
        assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY);
        assertThat(failed.getMessage()).startsWith("Memory limit exceeded: Requested: 192MB Maximum Used: ")
                .contains("\nMEMORY STATISTICS: \n").contains("total_rss ");
    }

    @Test
    void underPosixNothingIsMadeOrLimitedAndAProcessThatLeftTheSessionSurvives() throws Exception {
        start(new IsolationSettings(IsolationSettings.Mode.POSIX, false));
        Escapee escapee = launchEscapee();
        Optional<ProcessHandle> survivor = ProcessHandle.of(escapee.pid());
        try {
            assertThat(agentCgroups()).isEmpty();
            executorProcess().destroyForcibly();
            scheduler.awaitUpdate(escapee.task().getTaskId(), TaskState.TASK_FAILED);
            assertThat(survivor.map(ProcessHandle::isAlive)).as("posix cannot follow a process out of the session").contains(true);
        } finally {
            survivor.ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private record Escapee(TaskInfo.Builder task, long pid) {
    }

    /** A task whose shell double-forks a sleep into a session of its own, out of the executor's process tree. */
    private Escapee launchEscapee() throws Exception {
        Path pidFile = workDir.resolve("escapee.pid");
        TaskInfo.Builder task = Tasks.task(offer, "shell:(setsid sleep 1000 & echo $! > " + pidFile + ")");
        scheduler.call(Tasks.launch(offer, task));
        scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
        Eventually.of(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessHandle.of(pid).flatMap(p -> p.parent()).map(ProcessHandle::pid))
                .as("re-parented away from the executor").isNotEqualTo(Optional.of(executorProcess().pid()));
        return new Escapee(task, pid);
    }

    private static ProcessHandle executorProcess() {
        return ClusterUnderTest.testExecutors().stream().findFirst().orElseThrow(() -> new AssertionError("no test executor running"));
    }

    private Path onlyContainer() throws IOException {
        List<Path> containers = agentCgroups();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    /** This test's agent's container cgroups, relative to a hierarchy's mount. */
    private List<Path> agentCgroups() throws IOException {
        if (offer == null) {
            return List.of(); // the cluster never offered: no container was made
        }
        Path agent = FREEZER.resolve("pacer").resolve(offer.getAgentId().getValue());
        if (!Files.isDirectory(agent)) {
            return List.of();
        }
        try (Stream<Path> containers = Files.list(agent)) {
            return containers.filter(Files::isDirectory).map(FREEZER::relativize).toList();
        }
    }

    private static long read(Path hierarchy, Path container, String file) throws IOException {
        return Long.parseLong(Files.readString(hierarchy.resolve(container).resolve(file)).trim());
    }

    private static void requireWritableCgroups() {
        assumeTrue(Files.isWritable(MEMORY) && Files.isWritable(FREEZER) && Files.isWritable(CPU),
                "cgroup v1 memory, cpu and freezer hierarchies are not writable here: cgroups isolation cannot be tested");
    }

    /** Polls a condition for up to ten seconds. */
    private interface Eventually {
        boolean holds() throws Exception;

        static void of(Eventually condition) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!condition.holds()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("condition not met within 10 s");
                }
                Thread.sleep(50);
            }
        }
    }
}
