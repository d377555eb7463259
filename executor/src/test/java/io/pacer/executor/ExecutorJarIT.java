package io.pacer.executor;

import static io.pacer.executor.driver.DriverFixture.acknowledged;
import static io.pacer.executor.driver.DriverFixture.kill;
import static io.pacer.executor.driver.DriverFixture.launch;
import static io.pacer.executor.driver.DriverFixture.subscribed;
import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.executor.driver.DriverFixture;
import io.pacer.executor.driver.MinimalAgent;
import io.pacer.executor.endpoint.ExecutorEndpoint;
import io.pacer.executor.health.LocalHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, started as an agent starts a custom executor, against a minimal agent on loopback. */
class ExecutorJarIT {
    @TempDir
    Path sandbox;

    @Test
    void theJarSubscribesRunsAHealthCheckedTaskServesItsEndpointToTheSecretOnlyAndLeavesAfterTheKill() throws Exception {
        try (MinimalAgent agent = new MinimalAgent(); LocalHttpServer app = LocalHttpServer.http()) {
            ProcessBuilder builder = LeanExecutorJar.builder(Path.of(System.getProperty("pacer.executor.jar")), sandbox,
                    Map.of("PATH", "/usr/bin:/bin", "MESOS_FRAMEWORK_ID", "framework-1",
                    "MESOS_EXECUTOR_ID", "executor-1", "MESOS_AGENT_ENDPOINT", agent.uri().getAuthority(),
                    "MESOS_SANDBOX", sandbox.toString(), "MESOS_CHECKPOINT", "0", "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs",
                    "PACER_EXECUTOR_IDLE_TIMEOUT", "200ms", "PACER_EXECUTOR_ENDPOINT_PORT", "0",
                    "PACER_EXECUTOR_ENDPOINT_BIND", "127.0.0.1"), List.of());
            long started = System.nanoTime();
            Process executor = builder.start();
            try {
                Call subscribe = agent.subscribes.poll(20, TimeUnit.SECONDS);
                assertThat(subscribe).as("SUBSCRIBE from the jar; log: %s", log()).isNotNull();
                System.out.printf("executor jar: process start to SUBSCRIBE %d ms%n", Duration.ofNanos(System.nanoTime() - started).toMillis());

                Protos.HealthCheck check = Protos.HealthCheck.newBuilder().setType(Protos.HealthCheck.Type.HTTP)
                        .setHttp(Protos.HealthCheck.HTTPCheckInfo.newBuilder().setPort(app.port()).setPath("/ping"))
                        .setDelaySeconds(0).setIntervalSeconds(0.1).setGracePeriodSeconds(0).build();
                agent.send(subscribed(false));
                agent.send(launch(DriverFixture.task("web.1", "{\"cmd\": \"exec sleep 60\", \"endpointSecret\": \"s3cr3t-of-executor-1\"}")
                        .toBuilder().setHealthCheck(check).build()));

                List<TaskStatus> statuses = new ArrayList<>();
                while (statuses.stream().noneMatch(s -> s.hasHealthy() && s.getHealthy())) {
                    Call update = agent.updates.poll(20, TimeUnit.SECONDS);
                    assertThat(update).as("updates so far %s; log: %s", statuses, log()).isNotNull();
                    statuses.add(update.getUpdate().getStatus());
                    agent.send(acknowledged(update.getUpdate().getStatus()));
                }
                assertThat(statuses).extracting(TaskStatus::getState)
                        .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_RUNNING);
                String address = statuses.get(1).getLabels().getLabelsList().stream()
                        .filter(l -> l.getKey().equals(ExecutorEndpoint.ADDRESS_LABEL)).findFirst().orElseThrow().getValue();
                long taskPid = Long.parseLong(statuses.get(1).getMessage().replace("Started process ", ""));

                // bound to loopback, the endpoint says so rather than the agent's hostname
                assertThat(address).startsWith("http://127.0.0.1:");
                for (String path : List.of("/health", "/metrics", "/tasks/web.1", "/tasks/web.1/files/stdout")) {
                    assertThat(get(address + path, Optional.empty()).statusCode()).as("%s without the secret", path).isEqualTo(401);
                    assertThat(get(address + path, Optional.of("Bearer s3cr3t-of-executor-2")).statusCode()).as("%s, a wrong secret", path)
                            .isEqualTo(401);
                    assertThat(get(address + path, Optional.of("Bearer s3cr3t-of-executor-1")).statusCode()).as(path).isEqualTo(200);
                }
                assertThat(get(address + "/tasks/web.1", Optional.of("Bearer s3cr3t-of-executor-1")).body()).doesNotContain("s3cr3t");
                HttpResponse<String> health = get(address + "/health", Optional.of("Bearer s3cr3t-of-executor-1"));
                assertThat(health.body()).contains("\"id\":\"web.1\"").contains("\"healthy\":true").contains("\"detail\":\"HTTP 200\"");

                agent.send(kill("web.1", Optional.of(Duration.ofSeconds(1))));
                Call killed = agent.updates.poll(20, TimeUnit.SECONDS);
                assertThat(killed).isNotNull();
                assertThat(killed.getUpdate().getStatus().getState()).isEqualTo(TaskState.TASK_KILLED);
                agent.send(acknowledged(killed.getUpdate().getStatus()));

                assertThat(executor.waitFor(20, TimeUnit.SECONDS)).as("the executor leaves once idle; log: %s", log()).isTrue();
                assertThat(executor.exitValue()).isZero();
                assertThat(LiveProcesses.isRunning(taskPid)).isFalse();
                assertThat(log()).doesNotContain("s3cr3t");
            } finally {
                executor.destroyForcibly().waitFor();
            }
        }
    }

    private static HttpResponse<String> get(String uri, Optional<String> authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri));
        authorization.ifPresent(a -> request.header("Authorization", a));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String log() {
        try {
            return Files.readString(sandbox.resolve("executor.log"));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
