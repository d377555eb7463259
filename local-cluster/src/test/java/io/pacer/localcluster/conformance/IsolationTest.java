package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.pacer.localcluster.isolation.IsolationSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    void anExecutorKilledWithSigkillLeavesNoProcessNotEvenOneThatLeftItsSessionIntoANestedCgroup() throws Exception {
        requireWritableCgroups();
        start(new IsolationSettings(IsolationSettings.Mode.CGROUPS, false));
        Escapee escapee = launchEscapee();
        // as the Pacer executor nests a task's cgroup in its container's
        for (Path hierarchy : List.of(FREEZER, MEMORY)) {
            Path nested = Files.createDirectory(hierarchy.resolve(onlyContainer()).resolve("task-escapee"));
            Files.writeString(nested.resolve("cgroup.procs"), Long.toString(escapee.pid()));
        }
        executorProcess().destroyForcibly();

        scheduler.awaitUpdate(escapee.task().getTaskId(), TaskState.TASK_FAILED);
        Eventually.of(() -> !isRunning(escapee.pid()));
        Eventually.of(() -> agentCgroups().isEmpty());
    }

    @Test
    void anAgentShutdownLeavesNoProcessNotEvenOneThatLeftItsSession() throws Exception {
        requireWritableCgroups();
        start(new IsolationSettings(IsolationSettings.Mode.CGROUPS, false));
        Escapee escapee = launchEscapee();

        scheduler.close();
        cluster.close();

        assertThat(isRunning(escapee.pid())).isFalse();
        assertThat(agentCgroups()).isEmpty();
        cluster = null;
    }

    @Test
    void statisticsCountACpuBurningContainerAndItsCfsThrottling() throws Exception {
        requireWritableCgroups();
        start(new IsolationSettings(IsolationSettings.Mode.CGROUPS, true));
        TaskInfo.Builder task = launchCpuBurner();

        JsonObject before = onlyExecutor().getAsJsonObject("statistics");
        Thread.sleep(1_000);
        JsonObject executor = onlyExecutor();
        JsonObject after = executor.getAsJsonObject("statistics");

        assertThat(executor.get("executor_id").getAsString()).isEqualTo(task.getExecutor().getExecutorId().getValue());
        assertThat(executor.get("framework_id").getAsString()).isEqualTo(offer.getFrameworkId().getValue());
        // executor cpus 0.1 / mem 128 and the task's cpus 0.2 / mem 64: a CFS quota of 30 ms per 100 ms
        assertThat(after.get("cpus_limit").getAsDouble()).isEqualTo(0.3, within(1e-9));
        assertThat(after.get("mem_limit_bytes").getAsLong()).isEqualTo(192L << 20);
        assertThat(after.get("cpus_user_time_secs").getAsDouble()).isGreaterThan(before.get("cpus_user_time_secs").getAsDouble());
        assertThat(after.get("cpus_nr_throttled").getAsLong()).isGreaterThan(before.get("cpus_nr_throttled").getAsLong());
        assertThat(after.get("cpus_nr_periods").getAsLong()).isGreaterThan(before.get("cpus_nr_periods").getAsLong());
        assertThat(after.get("mem_rss_bytes").getAsLong()).isPositive();
        assertThat(after.get("mem_total_bytes").getAsLong()).isGreaterThanOrEqualTo(after.get("mem_rss_bytes").getAsLong());
        assertThat(after.get("timestamp").getAsDouble()).isGreaterThan(before.get("timestamp").getAsDouble());
    }

    @Test
    void underPosixStatisticsComeFromTheExecutorsProcessTree() throws Exception {
        start(new IsolationSettings(IsolationSettings.Mode.POSIX, false));
        launchCpuBurner();

        double before = onlyExecutor().getAsJsonObject("statistics").get("cpus_user_time_secs").getAsDouble();
        Thread.sleep(1_000);
        JsonObject after = onlyExecutor().getAsJsonObject("statistics");

        assertThat(after.get("cpus_user_time_secs").getAsDouble()).isGreaterThan(before + 0.2);
        assertThat(after.get("mem_rss_bytes").getAsLong()).isPositive();
        assertThat(after.has("mem_total_bytes")).as("a cgroup counter").isFalse();
        assertThat(after.has("cpus_nr_throttled")).as("a cgroup counter").isFalse();
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

    private TaskInfo.Builder launchCpuBurner() throws Exception {
        TaskInfo.Builder task = Tasks.task(offer, "shell:while :; do :; done");
        scheduler.call(Tasks.launch(offer, task));
        scheduler.awaitUpdate(task.getTaskId(), TaskState.TASK_RUNNING);
        return task;
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

    /** The one executor's entry in the agent's GET /monitor/statistics. */
    private JsonObject onlyExecutor() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(offer.getUrl().getScheme() + "://" + offer.getUrl().getAddress().getIp() + ":"
                        + offer.getUrl().getAddress().getPort() + "/monitor/statistics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        JsonArray executors = JsonParser.parseString(response.body()).getAsJsonArray();
        assertThat(executors).hasSize(1);
        return executors.get(0).getAsJsonObject();
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

    /** Alive and not a zombie (a killed process whose new parent has not reaped it yet is dead all the same). */
    private static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
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
