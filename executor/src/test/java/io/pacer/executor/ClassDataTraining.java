package io.pacer.executor;

import static io.pacer.executor.driver.DriverFixture.acknowledged;
import static io.pacer.executor.driver.DriverFixture.launch;
import static io.pacer.executor.driver.DriverFixture.subscribed;

import io.pacer.executor.driver.DriverFixture;
import io.pacer.executor.driver.MinimalAgent;
import io.pacer.executor.endpoint.ExecutorEndpoint;
import io.pacer.executor.health.LocalHttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * Makes the executor's class data archive ({@link ClassDataArchive}); the build runs it right after shading
 * (executor/pom.xml), with the jar and the archive to write. It runs the jar as agents do ({@link LeanExecutorJar}:
 * a copy in a sandbox with the fixed modification time, the scheduler's lean flags) with {@code -XX:ArchiveClassesAtExit} against a minimal agent through what every
 * executor does on its way to a task's first TASK_RUNNING: subscribe, run a task with an HTTP check, answer
 * {@code /health}, then shut down. The JVM writes the classes it loaded when it exits. Only that common path is
 * archived on purpose: the JVM relocates the whole archive into each executor's memory at start, so every class in it
 * costs every executor; what only some tasks need (staging, other checks, Docker) loads from the jar as before.
 */
public final class ClassDataTraining {
    private static final long TIMEOUT_SECONDS = 60;
    private final Map<String, Protos.TaskStatus> latest = new ConcurrentHashMap<>();
    private volatile String endpoint;
    /** What the scheduler would give this executor for its endpoint (any will do here). */
    private static final String SECRET = "training-secret";

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path archive = Path.of(args[1]);
        Files.deleteIfExists(archive);
        Path sandbox = Files.createTempDirectory("pacer-cds-training");
        new ClassDataTraining().run(jar, archive.toAbsolutePath(), sandbox);
        LeanExecutorJar.deleteSandbox(sandbox); // kept when the training fails: its executor.log says why
        System.out.printf("pacer-executor class data archive: %s (%d KiB)%n", archive, Files.size(archive) / 1024);
    }

    private void run(Path jar, Path archive, Path sandbox) throws Exception {
        try (MinimalAgent agent = new MinimalAgent(); LocalHttpServer app = LocalHttpServer.http()) {
            // started as agents start it, from a copy in its sandbox: the archive records the class path as given
            // ("pacer-executor.jar") and the copy's size and time, and a JVM accepts it only for the same
            Process executor = LeanExecutorJar.builder(jar, sandbox, Map.of("PATH", "/usr/bin:/bin", "MESOS_FRAMEWORK_ID",
                    "framework-1", "MESOS_EXECUTOR_ID", "executor-1", "MESOS_AGENT_ENDPOINT", agent.uri().getAuthority(),
                    "MESOS_SANDBOX", sandbox.toString(), "MESOS_CHECKPOINT", "0", "LIBPROCESS_IP", "127.0.0.1"),
                    List.of("-XX:ArchiveClassesAtExit=" + archive)).start();
            try {
                if (agent.subscribes.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS) == null) {
                    throw new IllegalStateException("the executor did not subscribe; see " + sandbox.resolve("executor.log"));
                }
                Thread acker = new Thread(() -> acknowledgeAll(agent), "acker");
                acker.setDaemon(true);
                acker.start();
                agent.send(subscribed(true));
                agent.send(launch(DriverFixture.task("web", "{\"cmd\": \"exec sleep 600\", \"endpointSecret\": \"" + SECRET + "\"}").toBuilder().setHealthCheck(
                        Protos.HealthCheck.newBuilder().setType(Protos.HealthCheck.Type.HTTP).setIntervalSeconds(0.2).setDelaySeconds(0)
                                .setHttp(Protos.HealthCheck.HTTPCheckInfo.newBuilder().setPort(app.port()).setPath("/"))).build()));
                await("web", s -> s.getState() == TaskState.TASK_RUNNING && s.hasHealthy() && s.getHealthy());
                get("/health"); // what the scheduler asks every executor every few seconds
                agent.send(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());
                if (!executor.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || executor.exitValue() != 0 || !Files.isRegularFile(archive)) {
                    throw new IllegalStateException("the executor wrote no class data archive; see " + sandbox.resolve("executor.log"));
                }
            } finally {
                executor.destroyForcibly();
            }
        }
    }

    private void await(String taskId, Predicate<Protos.TaskStatus> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (latest.get(taskId) == null || !condition.test(latest.get(taskId))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("task " + taskId + " did not get there; its last status: " + latest.get(taskId));
            }
            Thread.sleep(20);
        }
    }

    private void get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + path))
                        .header("Authorization", "Bearer " + SECRET).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " on the executor's endpoint: " + response.statusCode());
        }
    }

    private void acknowledgeAll(MinimalAgent agent) {
        try {
            while (true) {
                Protos.TaskStatus status = agent.updates.take().getUpdate().getStatus();
                status.getLabels().getLabelsList().stream().filter(l -> l.getKey().equals(ExecutorEndpoint.ADDRESS_LABEL))
                        .forEach(l -> endpoint = l.getValue());
                latest.put(status.getTaskId().getValue(), status);
                agent.send(acknowledged(status));
            }
        } catch (InterruptedException | IOException e) {
            // the training is over
        }
    }
}
