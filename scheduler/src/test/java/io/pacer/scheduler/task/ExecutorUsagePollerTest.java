package io.pacer.scheduler.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.store.DurableStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorUsagePollerTest {
    private static final int EXECUTORS = 6;

    @TempDir
    Path dir;

    @Test
    void asksEachExecutorOnceARoundSpacedApartAndKeepsItsTasksUsage() throws Exception {
        Map<String, Long> askedAt = new ConcurrentHashMap<>();
        ExecutorEndpointSecrets secrets = ExecutorEndpointSecrets.random();
        HttpServer executors = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        executors.setExecutor(Executors.newCachedThreadPool());
        executors.createContext("/", exchange -> {
            String executor = exchange.getRequestURI().getPath().split("/")[1]; // /e3/health
            if (!secrets.authorizationOf("executor-" + executor.substring(1)).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1); // as the executor's endpoint: only with its own secret
                exchange.close();
                return;
            }
            askedAt.putIfAbsent(executor, System.nanoTime());
            byte[] body = ("{\"tasks\": [{\"id\": \"task-" + executor + "\", \"usage\": {\"mem_rss_bytes\": 1024}}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        executors.start();
        TaskRepository tasks = new TaskRepository(new DurableStore(dir));
        for (int i = 0; i < EXECUTORS; i++) {
            tasks.put(TaskRecord.intent("task-e" + i, AppId.parse("/web"), Instant.EPOCH, "executor-" + i, "agent", "host", List.of(), Instant.EPOCH)
                    .withStatus(TaskState.TASK_RUNNING, Optional.empty(), "", Optional.empty(), Instant.EPOCH)
                    .withExecutorEndpoint("http://127.0.0.1:" + executors.getAddress().getPort() + "/e" + i));
        }
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        try (ExecutorUsagePoller poller = new ExecutorUsagePoller(tasks, secrets, Duration.ofSeconds(30),
                endpoint -> sentAt.putIfAbsent(endpoint, System.nanoTime()))) {
            poller.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            // every task's, not the last one's: a round's answers are taken one after another, in no set order
            while (java.util.stream.IntStream.range(0, EXECUTORS).anyMatch(i -> poller.of("task-e" + i).isEmpty()) || askedAt.size() < EXECUTORS) {
                assertThat(System.nanoTime()).as("every executor asked within 10 s").isLessThan(deadline);
                Thread.sleep(10);
            }
            for (int i = 0; i < EXECUTORS; i++) {
                assertThat(poller.of("task-e" + i)).hasValueSatisfying(u -> assertThat(u.get("mem_rss_bytes").asLong()).isEqualTo(1024));
            }
        } finally {
            executors.stop(0);
        }
        // measured as sent: arrival times bunch up on a busy machine (server threads that wait for a core)
        List<Long> times = new ArrayList<>(sentAt.values());
        Collections.sort(times);
        assertThat(times).hasSize(EXECUTORS);
        Duration spread = Duration.ofNanos(times.get(EXECUTORS - 1) - times.get(0));
        assertThat(spread).as("requests of one round are spread, not all at once: sent at %s ms",
                        times.stream().map(t -> (t - times.get(0)) / 1_000_000).toList())
                .isGreaterThanOrEqualTo(Duration.ofMillis(20L * (EXECUTORS - 1)));
    }
}
