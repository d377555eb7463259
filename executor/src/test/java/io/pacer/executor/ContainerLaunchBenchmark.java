package io.pacer.executor;

import static io.pacer.executor.driver.DriverFixture.acknowledged;
import static io.pacer.executor.driver.DriverFixture.kill;
import static io.pacer.executor.driver.DriverFixture.launch;
import static io.pacer.executor.driver.DriverFixture.subscribed;

import io.pacer.executor.driver.DriverFixture;
import io.pacer.executor.driver.MinimalAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * Issue 6's figure, in one run (not part of the test suite; docs/benchmarks.md says how to run it): the time from a
 * LAUNCH event to the executor's TASK_RUNNING for a container of a local image, on a running executor, next to
 * {@code docker run -d} of the same image and command on the same engine. Both use HOST networking.
 * Arguments: the executor jar, the image (built by scripts/test-image), the number of launches.
 */
public final class ContainerLaunchBenchmark {
    private ContainerLaunchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        String image = args[1];
        int runs = Integer.parseInt(args[2]);
        Path sandbox = Files.createTempDirectory("pacer-container-bench");
        try (MinimalAgent agent = new MinimalAgent()) {
            Process executor = LeanExecutorJar.builder(jar, sandbox, Map.of("PATH", "/usr/bin:/bin", "MESOS_FRAMEWORK_ID", "bench",
                    "MESOS_EXECUTOR_ID", "bench-executor", "MESOS_AGENT_ENDPOINT", agent.uri().getAuthority(),
                    "MESOS_SANDBOX", sandbox.toString(), "MESOS_CHECKPOINT", "0",
                    "DOCKER_HOST", System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock")), List.of()).start();
            if (agent.subscribes.poll(30, TimeUnit.SECONDS) == null) {
                throw new IllegalStateException("no SUBSCRIBE; see " + sandbox.resolve("executor.log"));
            }
            agent.send(subscribed(true));
            long first = launchToRunning(agent, image, "warm-up");
            System.out.printf("first container of the executor (loads the Docker client): %d ms%n", first / 1_000_000);
            List<Long> pacer = new ArrayList<>();
            List<Long> docker = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                pacer.add(launchToRunning(agent, image, "bench-" + i));
                docker.add(dockerRun(image));
            }
            long pacerMedian = median(pacer);
            long dockerMedian = median(docker);
            System.out.printf("LAUNCH to TASK_RUNNING, median of %d: %.0f ms (p90 %.0f ms)%n", runs, pacerMedian / 1e6, p90(pacer) / 1e6);
            System.out.printf("docker run -d,         median of %d: %.0f ms (p90 %.0f ms)%n", runs, dockerMedian / 1e6, p90(docker) / 1e6);
            System.out.printf("ratio: %.2fx (target <= 1.3x)%n", (double) pacerMedian / dockerMedian);
            agent.send(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
            acknowledgeUntilExit(agent, executor);
        }
        LeanExecutorJar.deleteSandbox(sandbox);
    }

    /** One container task from LAUNCH to TASK_RUNNING, then killed and its end acknowledged. */
    private static long launchToRunning(MinimalAgent agent, String image, String id) throws Exception {
        Protos.TaskInfo task = DriverFixture.task(id, "{\"cmd\": \"exec sleep 600\"}").toBuilder()
                .addResources(Protos.Resource.newBuilder().setName("mem").setType(Protos.Value.Type.SCALAR)
                        .setScalar(Protos.Value.Scalar.newBuilder().setValue(32)))
                .setContainer(Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.DOCKER)
                        .setDocker(Protos.ContainerInfo.DockerInfo.newBuilder().setImage(image))).build();
        long start = System.nanoTime();
        agent.send(launch(task));
        long running = 0;
        while (true) {
            Call update = agent.updates.poll(60, TimeUnit.SECONDS);
            if (update == null) {
                throw new IllegalStateException("no update for " + id);
            }
            Protos.TaskStatus status = update.getUpdate().getStatus();
            agent.send(acknowledged(status));
            if (status.getState() == TaskState.TASK_RUNNING && running == 0) {
                running = System.nanoTime() - start;
                agent.send(kill(id, Optional.empty()));
            } else if (status.getState() == TaskState.TASK_KILLED || status.getState() == TaskState.TASK_FAILED) {
                if (running == 0) {
                    throw new IllegalStateException(id + " ended " + status.getState() + ": " + status.getMessage());
                }
                return running;
            }
        }
    }

    private static long dockerRun(String image) throws Exception {
        long start = System.nanoTime();
        Process run = new ProcessBuilder("docker", "run", "-d", "--network", "host", "--memory", "32m", image, "sleep", "600")
                .redirectErrorStream(true).start();
        String id = new String(run.getInputStream().readAllBytes()).trim();
        if (run.waitFor() != 0) {
            throw new IllegalStateException("docker run failed: " + id);
        }
        long took = System.nanoTime() - start;
        new ProcessBuilder("docker", "rm", "-f", id).redirectErrorStream(true).start().waitFor();
        return took;
    }

    private static void acknowledgeUntilExit(MinimalAgent agent, Process executor) throws Exception {
        while (!executor.waitFor(100, TimeUnit.MILLISECONDS)) {
            Call update = agent.updates.poll();
            if (update != null) {
                agent.send(acknowledged(update.getUpdate().getStatus()));
            }
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long p90(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1));
    }
}
