package io.pacer.executor.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pacer.executor.health.HealthCheckResult;
import io.pacer.executor.health.HealthCheckSpec;
import io.pacer.executor.readiness.ReadinessCheckSpec;
import io.pacer.executor.isolation.TaskIsolation;
import io.pacer.executor.process.LogRotator;
import io.pacer.executor.process.ProcessLauncher;
import io.pacer.executor.spec.LogRotation;
import io.pacer.executor.spec.TaskCommand;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.spec.TaskResources;
import io.pacer.executor.spec.TaskSpec;
import io.pacer.executor.task.CompositeTaskListener;
import io.pacer.executor.task.TaskListener;
import io.pacer.executor.task.TaskUpdate;
import io.pacer.executor.workload.ProcessWorkload;
import io.pacer.executor.workload.Workload;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorEndpointTest {
    @TempDir
    Path sandbox;

    final TaskJournal journal = new TaskJournal();
    final ExecutorMetrics metrics = new ExecutorMetrics();
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    final EndpointSecret secret = new EndpointSecret();
    ExecutorEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        secret.learn(Optional.of("the-secret"));
        endpoint = ExecutorEndpoint.start("executor-1", "framework-1", journal, metrics, secret,
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        TaskListener events = new CompositeTaskListener(List.of(journal, metrics));
        TaskDescription task = webTask("./server");
        Files.writeString(sandbox.resolve("stdout"), "x".repeat(10_000) + "listening on 31000\n");
        events.launched(task, sandbox);
        events.statusChanged(TaskUpdate.of("web.1", TaskState.TASK_STARTING, "Starting"));
        events.statusChanged(TaskUpdate.of("web.1", TaskState.TASK_RUNNING, "Started process 42"));
        events.healthChecked("web.1", new HealthCheckResult(Instant.parse("2026-11-25T04:00:00Z"), true, Duration.ofMillis(3), "HTTP 200"));
        events.statusChanged(TaskUpdate.of("web.1", TaskState.TASK_RUNNING, "HTTP health check passed")
                .withReason(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED).withHealthy(true));
    }

    private static TaskDescription webTask(String command) {
        HealthCheckSpec check = new HealthCheckSpec(new HealthCheckSpec.Http(false, "127.0.0.1", 31000, "/ping", Set.of()), Duration.ZERO,
                Duration.ofSeconds(1), Optional.of(Duration.ofSeconds(2)), 3, Duration.ofSeconds(5));
        return new TaskDescription("web.1", "web", new TaskSpec(Optional.of(new TaskCommand.Shell(command)),
                Map.of("DB_PASSWORD", "s3cret"), List.of(), List.of(), Optional.of("/shop/web"), Optional.empty(), LogRotation.DEFAULT,
                List.of(new ReadinessCheckSpec("warm", new HealthCheckSpec.Http(false, "127.0.0.1", 31000, "/ready", Set.of(200)),
                        Duration.ofSeconds(30), Duration.ofSeconds(10), false))),
                new TaskResources(1, 64, 0, 0, List.of(31000)), Optional.of(check), Optional.empty(), Map.of("team", "blue"), Optional.empty());
    }

    @AfterEach
    void stop() {
        endpoint.close();
        metrics.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return get(path, Optional.of("Bearer the-secret"));
    }

    HttpResponse<String> get(String path, Optional<String> authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path));
        authorization.ifPresent(a -> request.header("Authorization", a));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyPathAnswers401WithoutTheSecretOrWithAnotherAnd200WithIt() throws Exception {
        for (String path : List.of("/health", "/metrics", "/tasks/web.1", "/tasks/web.1/files/stdout", "/nothing-here")) {
            HttpResponse<String> none = get(path, Optional.empty());
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).as(path).contains("Bearer realm=\"pacer-executor\"");
            assertThat(none.body()).doesNotContain("web.1").doesNotContain("the-secret");
            assertThat(get(path, Optional.of("Bearer the-secreT")).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, Optional.of("Bearer the-secret-and-more")).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, Optional.of("the-secret")).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, Optional.of("Basic dGhlLXNlY3JldA==")).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").statusCode()).isEqualTo(200);
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void beforeAnyTaskBroughtTheSecretNothingIsAnswered() throws Exception {
        try (ExecutorEndpoint fresh = ExecutorEndpoint.start("executor-2", "framework-1", journal, metrics, new EndpointSecret(),
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))) {
            for (Optional<String> authorization : List.of(Optional.<String>empty(), Optional.of("Bearer "), Optional.of("Bearer null"))) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fresh.port() + "/health"));
                authorization.ifPresent(a -> request.header("Authorization", a));
                assertThat(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            }
        }
    }

    @Test
    void healthShowsTheExecutorAndEachTasksStateAndLastHealthResult() throws Exception {
        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("executorId").asText()).isEqualTo("executor-1");
        JsonNode task = body.get("tasks").get(0);
        assertThat(task.get("id").asText()).isEqualTo("web.1");
        assertThat(task.get("state").asText()).isEqualTo("TASK_RUNNING");
        assertThat(task.get("healthy").asBoolean()).isTrue();
        assertThat(task.get("lastHealthCheck").get("detail").asText()).isEqualTo("HTTP 200");
        assertThat(task.get("lastHealthCheck").get("latencyMs").asDouble()).isEqualTo(3.0);
    }

    @Test
    void aTaskShowsItsSpecHistoriesSandboxAndLogTailButNoEnvironmentValues() throws Exception {
        HttpResponse<String> response = get("/tasks/web.1");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("sandbox").asText()).isEqualTo(sandbox.toString());
        assertThat(body.get("spec").get("command").toString()).isEqualTo("[\"/bin/sh\",\"-c\",\"./server\"]");
        assertThat(body.get("spec").get("envNames").toString()).isEqualTo("[\"DB_PASSWORD\"]");
        assertThat(response.body()).doesNotContain("s3cret");
        assertThat(body.get("spec").get("healthCheck").get("target").asText()).isEqualTo("http://127.0.0.1:31000/ping");
        assertThat(body.get("spec").get("labels").get("team").asText()).isEqualTo("blue");
        assertThat(body.get("spec").get("readinessChecks")).isEqualTo(json.readTree("""
                [{"name": "warm", "target": "http://127.0.0.1:31000/ready", "intervalSeconds": 30, "timeoutSeconds": 10,
                  "httpStatusCodesForReady": [200], "preserveLastResponse": false}]"""));
        assertThat(body.get("states")).hasSize(3);
        assertThat(body.get("states").get(2).get("reason").asText()).isEqualTo("REASON_TASK_HEALTH_CHECK_STATUS_UPDATED");
        assertThat(body.get("health")).hasSize(1);
        String stdout = body.get("logs").get("stdout").asText();
        assertThat(stdout).hasSize(EndpointJson.LOG_TAIL_BYTES).endsWith("listening on 31000\n");
        assertThat(body.get("logs").get("stderr").asText()).isEmpty();

        assertThat(get("/tasks/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void aTasksLogTailIsItsLastLinesAsText() throws Exception {
        Files.writeString(sandbox.resolve("stderr"), "one\ntwo\nthree\n");

        HttpResponse<String> response = get("/tasks/web.1/files/stderr?tail=2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo("two\nthree\n");
        assertThat(get("/tasks/web.1/files/stderr?tail=10").body()).isEqualTo("one\ntwo\nthree\n");
        assertThat(get("/tasks/web.1/files/stdout").body()).endsWith("listening on 31000\n");
    }

    @Test
    void aLogTailReadsABoundedEndOfAHugeLog() throws Exception {
        Files.writeString(sandbox.resolve("stdout"), "y".repeat(2 * ExecutorEndpoint.MAX_TAIL_BYTES) + "\nlast\n");

        String tail = get("/tasks/web.1/files/stdout?tail=" + ExecutorEndpoint.MAX_TAIL_LINES).body();

        assertThat(tail).hasSize(ExecutorEndpoint.MAX_TAIL_BYTES).endsWith("y\nlast\n");
    }

    @Test
    void aLogTailRefusesOtherFilesBadCountsAndUnknownTasks() throws Exception {
        Files.writeString(sandbox.resolve("secret"), "no");

        assertThat(get("/tasks/web.1/files/secret").statusCode()).isEqualTo(404);
        assertThat(get("/tasks/web.1/files/..%2Fsecret").statusCode()).isEqualTo(404);
        assertThat(get("/tasks/web.1/files/stdout?tail=0").statusCode()).isEqualTo(400);
        assertThat(get("/tasks/web.1/files/stdout?tail=1001").body()).contains("from 1 to 1000");
        assertThat(get("/tasks/web.1/files/stdout?tail=many").statusCode()).isEqualTo(400);
        assertThat(get("/tasks/nope/files/stdout").statusCode()).isEqualTo(404);
    }

    @Test
    void metricsArePrometheusTextWithHealthChecksStateTransitionsAndTheJvm() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("pacer_executor_health_check_seconds_count{result=\"healthy\",type=\"HTTP\"} 1")
                .contains("pacer_executor_task_state_transitions_total{state=\"TASK_RUNNING\"} 2.0")
                .contains("pacer_executor_task_state_transitions_total{state=\"TASK_STARTING\"} 1.0")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void aRunningTasksUsageIsInItsJsonAndMetricsUntilItEnds() throws Exception {
        LogRotator rotator = new LogRotator(Duration.ofSeconds(1));
        Workload workload = ProcessWorkload.launcher(new ProcessLauncher(rotator), TaskIsolation.unavailable("not in this test"))
                .launch(webTask("exec sleep 30"), sandbox, Map.of("PATH", "/usr/bin:/bin"), progress -> { });
        try {
            metrics.workloadStarted("web.1", workload);
            journal.workloadStarted("web.1", workload);

            JsonNode usage = json.readTree(get("/health").body()).get("tasks").get(0).get("usage");
            assertThat(usage.get("isolated").asBoolean()).isFalse();
            assertThat(usage.get("cpus_limit").asDouble()).isEqualTo(1.0);
            assertThat(usage.get("mem_limit_bytes").asLong()).isEqualTo(64L << 20);
            assertThat(usage.get("mem_rss_bytes").asLong()).isPositive();
            assertThat(usage.has("cpus_user_time_secs")).isTrue();
            assertThat(json.readTree(get("/tasks/web.1").body()).get("usage").get("mem_limit_bytes").asLong()).isEqualTo(64L << 20);
            assertThat(get("/metrics").body())
                    .contains("pacer_executor_task_memory_bytes{kind=\"limit\",task=\"web.1\"} 6.7108864E7")
                    .contains("pacer_executor_task_cpus_limit{task=\"web.1\"} 1.0")
                    .contains("pacer_executor_task_cpu_time_seconds{mode=\"user\",task=\"web.1\"}");
        } finally {
            workload.stop(Duration.ZERO);
            rotator.close();
        }
        TaskUpdate killed = TaskUpdate.of("web.1", TaskState.TASK_KILLED, "Command terminated with signal SIGTERM (status 143)");
        metrics.statusChanged(killed);
        journal.statusChanged(killed);

        assertThat(json.readTree(get("/health").body()).get("tasks").get(0).has("usage")).isFalse();
        assertThat(get("/metrics").body()).doesNotContain("task=\"web.1\"");
    }

    @Test
    void onlyGetIsServed() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/health"))
                .header("Authorization", "Bearer the-secret").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(get("/elsewhere").statusCode()).isEqualTo(404);
    }
}
