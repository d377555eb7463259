package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.store.DurableStore;
import io.pacer.scheduler.task.ExecutorEndpointSecrets;
import io.pacer.scheduler.task.TaskRecord;
import io.pacer.scheduler.task.TaskRepository;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /v2/tasks/{id}/executor and /files/{stdout|stderr} against a stand-in executor endpoint on real HTTP. */
class ExecutorProxyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path workDir;
    private TaskRepository tasks;
    private HttpServer executor;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final ExecutorEndpointSecrets secrets = ExecutorEndpointSecrets.random();
    private ExecutorProxy proxy;

    @BeforeEach
    void start() throws IOException {
        tasks = new TaskRepository(new DurableStore(workDir));
        executor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor.createContext("/tasks/", this::executorAnswer);
        executor.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        executor.start();
        proxy = new ExecutorProxy(tasks, secrets, Duration.ofMillis(500));
    }

    @AfterEach
    void stop() {
        executor.stop(0);
    }

    /**
     * As ExecutorEndpoint: 401 without the secret of executor "cfg"; the task's JSON, its logs as text, 400 for a bad
     * tail, 404 for other tasks; slow.1 hangs.
     */
    private void executorAnswer(HttpExchange exchange) throws IOException {
        String uri = exchange.getRequestURI().toString();
        asked.add(uri);
        if (!secrets.authorizationOf("cfg").equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "text/plain", "this endpoint answers Pacer only\n");
            return;
        }
        if (uri.startsWith("/tasks/slow.1")) {
            sleep(2000);
        }
        switch (uri) {
            case "/tasks/web.1" -> answer(exchange, 200, "application/json", "{\"id\":\"web.1\",\"states\":[]}");
            case "/tasks/web.1/files/stderr?tail=2" -> answer(exchange, 200, "text/plain; charset=utf-8", "two\nthree\n");
            case "/tasks/web.1/files/stdout?tail=0" -> answer(exchange, 400, "text/plain", "tail must be a number of lines from 1 to 1000\n");
            case "/tasks/web.1/files/stdout?tail=3" -> answer(exchange, 500, "text/plain", "broken");
            default -> answer(exchange, 404, "text/plain", "no task here\n");
        }
    }

    @Test
    void detailsAndLogTailsComeFromTheTasksExecutor() throws Exception {
        running("web.1", "http://127.0.0.1:" + executor.getAddress().getPort());

        ApiResponse details = get("/v2/tasks/web.1/executor");
        ApiResponse stderr = get("/v2/tasks/web.1/files/stderr?tail=2");

        assertThat(details.status()).isEqualTo(200);
        assertThat(details.contentType()).isEqualTo("application/json");
        assertThat(JSON.readTree(details.body()).get("id").asText()).isEqualTo("web.1");
        assertThat(stderr.status()).isEqualTo(200);
        assertThat(stderr.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(new String(stderr.body(), StandardCharsets.UTF_8)).isEqualTo("two\nthree\n");
        assertThat(asked).containsExactly("/tasks/web.1", "/tasks/web.1/files/stderr?tail=2");
    }

    @Test
    void theExecutorsRefusalsKeepTheirStatusAndWords() {
        running("web.1", "http://127.0.0.1:" + executor.getAddress().getPort());
        running("gone.1", "http://127.0.0.1:" + executor.getAddress().getPort());

        assertError("/v2/tasks/web.1/files/stdout?tail=0", 400, "tail must be a number of lines from 1 to 1000");
        assertError("/v2/tasks/gone.1/executor", 404, "no task here");
    }

    @Test
    void unknownTasksTasksWithoutEndpointAndOtherPathsAreRefusedWithoutAskingAnyone() {
        tasks.put(TaskRecord.intent("new.1", AppId.parse("/new"), NOW, "cfg", "agent-1", "127.0.0.1", List.of(), NOW));

        assertError("/v2/tasks/nope.1/executor", 404, "Task 'nope.1' does not exist");
        assertError("/v2/tasks/new.1/files/stdout", 404, "Task 'new.1' has no executor endpoint yet");
        assertThat(proxy.handle(request("GET", "/v2/tasks/new.1/files/secret"))).isNull();
        assertThatThrownBy(() -> proxy.handle(request("DELETE", "/v2/tasks/new.1/executor")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.response().status()).isEqualTo(405));
        assertThat(asked).isEmpty();
    }

    @Test
    void anUnreachableExecutorIs502AndASlowOne504() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        running("down.1", "http://127.0.0.1:" + closedPort);
        running("slow.1", "http://127.0.0.1:" + executor.getAddress().getPort());
        running("web.1", "http://127.0.0.1:" + executor.getAddress().getPort());

        assertError("/v2/tasks/down.1/executor", 502, "The executor of task 'down.1' at http://127.0.0.1:" + closedPort + " cannot be reached");
        long start = System.nanoTime();
        assertError("/v2/tasks/slow.1/executor", 504, "did not answer within 500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        assertError("/v2/tasks/web.1/files/stdout?tail=3", 502, "The executor of task 'web.1' at http://127.0.0.1:"
                + executor.getAddress().getPort() + " answered HTTP 500");
    }

    @Test
    void eachRequestCarriesTheSecretOfTheTasksOwnExecutorOnly() {
        String endpoint = "http://127.0.0.1:" + executor.getAddress().getPort();
        running("web.1", endpoint);
        tasks.put(TaskRecord.intent("other.1", AppId.parse("/other"), NOW, "other-cfg", "agent-1", "127.0.0.1", List.of(31001), NOW)
                .withStatus(TaskState.TASK_RUNNING, Optional.empty(), "", Optional.empty(), NOW)
                .withExecutorEndpoint(endpoint));

        assertThat(get("/v2/tasks/web.1/executor").status()).isEqualTo(200);
        // the stand-in is executor "cfg": the secret of executor "other-cfg" does not open it
        assertError("/v2/tasks/other.1/executor", 502, "The executor of task 'other.1' at " + endpoint + " answered HTTP 401");
    }

    private void running(String id, String endpoint) {
        tasks.put(TaskRecord.intent(id, AppId.parse("/" + id.substring(0, id.indexOf('.'))), NOW, "cfg", "agent-1", "127.0.0.1",
                        List.of(31000), NOW)
                .withStatus(TaskState.TASK_RUNNING, Optional.empty(), "", Optional.empty(), NOW)
                .withExecutorEndpoint(endpoint));
    }

    private ApiResponse get(String pathAndQuery) {
        return proxy.handle(request("GET", pathAndQuery));
    }

    private void assertError(String pathAndQuery, int status, String messageStart) {
        ApiResponse response;
        try {
            response = get(pathAndQuery);
        } catch (ApiException e) {
            response = e.response();
        }
        assertThat(response.status()).as(pathAndQuery).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/json");
        try {
            assertThat(JSON.readTree(response.body()).get("message").asText()).contains(messageStart);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ApiRequest request(String method, String pathAndQuery) {
        io.netty.handler.codec.http.QueryStringDecoder uri = new io.netty.handler.codec.http.QueryStringDecoder(pathAndQuery);
        return new ApiRequest(method, uri.path(), uri.parameters(), Map.of(), new byte[0], "127.0.0.1");
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
