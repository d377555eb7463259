package io.pacer.executor.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.executor.TestRuns;
import io.pacer.executor.docker.DockerSupport;
import io.pacer.executor.health.CheckEventLoop;
import io.pacer.executor.health.HealthCheckSpec;
import io.pacer.executor.health.HealthProbes;
import io.pacer.executor.process.LogRotator;
import io.pacer.executor.isolation.TaskIsolation;
import io.pacer.executor.process.ProcessLauncher;
import io.pacer.executor.process.TaskEnvironment;
import io.pacer.executor.spec.ContainerSpec;
import io.pacer.executor.spec.LogRotation;
import io.pacer.executor.spec.TaskCommand;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.spec.TaskResources;
import io.pacer.executor.spec.TaskSpec;
import io.pacer.executor.workload.ProcessWorkload;
import io.pacer.executor.workload.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container tasks through the task runner against the real Docker engine at DOCKER_HOST (scripts/test starts one)
 * and the busybox test image: the reasons and messages Mesos defines for each way a container can fail, and a
 * command check run inside the container.
 */
class ContainerTaskTest {
    private static final String IMAGE = "pacer-test/busybox:latest";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path sandbox;

    final RecordingListener listener = new RecordingListener();
    final CheckEventLoop loop = new CheckEventLoop();
    final ExecutorService commandWaiter = Executors.newCachedThreadPool();
    final LogRotator rotator = new LogRotator(Duration.ofSeconds(1));
    final DockerSupport docker = new DockerSupport(System.getenv(), "framework-test", "executor-" + System.nanoTime(), rotator, labels -> { });

    @BeforeAll
    static void testImage() throws Exception {
        Process build = new ProcessBuilder("../scripts/test-image", IMAGE).inheritIO().start();
        assertThat(build.waitFor(120, TimeUnit.SECONDS) && build.exitValue() == 0)
                .as("scripts/test-image (a Docker engine at DOCKER_HOST is needed)").isTrue();
    }

    @AfterEach
    void close() {
        docker.close();
        loop.close();
        commandWaiter.shutdownNow();
        rotator.close();
    }

    @Test
    void aContainerOverItsMemoryLimitFailsWithTheMemoryLimitationReason() throws Exception {
        TaskUpdate end = run(task("oom", "dd if=/dev/zero of=/dev/null bs=128M count=1", 32), docker);

        assertThat(end.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(end.reason()).contains(Reason.REASON_CONTAINER_LIMITATION_MEMORY);
        assertThat(end.message()).isEqualTo("Memory limit exceeded: Requested: 32MB");
    }

    @Test
    void anImageThatCannotBeHadFailsTheLaunchNamingIt() throws Exception {
        TaskDescription task = withImage(task("nowhere", "true", 32), "pacer-test/no-such-image:1");

        TaskUpdate end = run(task, docker);

        assertThat(end.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(end.reason()).contains(Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(end.message()).startsWith("Cannot pull image pacer-test/no-such-image:1: ");
        assertThat(listener.statesOf("nowhere")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_STARTING, TaskState.TASK_FAILED);
    }

    @Test
    void anUnreachableEngineFailsTheLaunchSayingWhereItLooked() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DOCKER_HOST", "unix://" + sandbox.resolve("no-engine.sock"));
        try (DockerSupport nowhere = new DockerSupport(env, "framework-test", "executor-x", rotator, labels -> { })) {
            TaskUpdate end = run(task("unreachable", "true", 32), nowhere);

            assertThat(end.state()).isEqualTo(TaskState.TASK_FAILED);
            assertThat(end.reason()).contains(Reason.REASON_CONTAINER_LAUNCH_FAILED);
            assertThat(end.message()).startsWith("Cannot reach the Docker engine at unix://" + sandbox.resolve("no-engine.sock")
                    + " (DOCKER_HOST): ");
        }
    }

    @Test
    void aCommandCheckRunsInsideTheContainer() throws Exception {
        HealthCheckSpec check = new HealthCheckSpec(new HealthCheckSpec.Command(new TaskCommand.Shell("test -f /tmp/ready"), Map.of()),
                Duration.ZERO, Duration.ofMillis(200), Optional.of(Duration.ofSeconds(5)), 3, Duration.ofSeconds(30));
        TaskDescription base = task("checked", "sleep 1; touch /tmp/ready; exec sleep 60", 32);
        TaskRunner runner = TaskRunner.start(new TaskDescription(base.taskId(), base.name(), base.spec(), base.resources(),
                Optional.of(check), Optional.empty(), Map.of(), base.container()), runtime(docker));

        TaskUpdate healthy = listener.await(u -> u.healthy().equals(Optional.of(true)), WAIT);
        assertThat(healthy.message()).contains("COMMAND health check of /bin/sh -c test -f /tmp/ready passed");
        runner.kill(Optional.of(Duration.ZERO));
        assertThat(runner.terminal().get(WAIT.toSeconds(), TimeUnit.SECONDS).state()).isEqualTo(TaskState.TASK_KILLED);
    }

    private TaskUpdate run(TaskDescription task, DockerSupport withDocker) throws Exception {
        return TaskRunner.start(task, runtime(withDocker)).terminal().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private TaskRuntime runtime(DockerSupport withDocker) {
        ProcessLauncher launcher = new ProcessLauncher(rotator);
        return new TaskRuntime(sandbox, (artifacts, dir, progress) -> { }, new Workloads(ProcessWorkload.launcher(launcher, TaskIsolation.unavailable("not in these tests")),
                withDocker::launcher), new TaskEnvironment(Map.of(), "localhost", TestRuns.ID),
                new HealthProbes(loop, launcher, commandWaiter), listener, true, Map::of, Optional.empty());
    }

    private static TaskDescription task(String id, String cmd, double memMb) {
        return new TaskDescription(id, id, new TaskSpec(Optional.of(new TaskCommand.Shell(cmd)), Map.of(), List.of(), List.of(),
                Optional.empty(), Optional.empty(), LogRotation.DEFAULT), new TaskResources(0.5, memMb, 0, 0, List.of()),
                Optional.empty(), Optional.empty(), Map.of(), Optional.of(new ContainerSpec(IMAGE, false,
                ContainerSpec.Network.HOST, List.of(), List.of(), false, List.of())));
    }

    private static TaskDescription withImage(TaskDescription task, String image) {
        ContainerSpec c = task.container().orElseThrow();
        return new TaskDescription(task.taskId(), task.name(), task.spec(), task.resources(), task.healthCheck(),
                task.killGracePeriod(), task.labels(), Optional.of(new ContainerSpec(image, c.forcePullImage(), c.network(),
                c.portMappings(), c.parameters(), c.privileged(), c.volumes())));
    }
}
