package io.pacer.scheduler.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every executor of a task that has not ended for its {@code GET /health} each period, one request per executor
 * however many tasks it runs, and keeps in memory the {@code usage} each task is listed with. The requests of a round
 * go out spread over up to half a period rather than all at once: fifty executors answering in the same instant took
 * two cores for ~150 ms every period, and a launch that fell into it waited (docs/benchmarks.md, issue 7).
 * An answer is the truth for its executor's tasks: a task listed without usage (its workload is not running) or
 * not listed loses its figures. An executor that does not answer well within 2 s keeps its tasks' last figures
 * until {@value #MISSED_ROUNDS} rounds in a row went unanswered (15 s at Pacer's 5 s period), so that a hiccup does
 * not blank them; then they are dropped, as old figures would mislead. Tasks that ended or that Pacer no longer
 * knows are forgotten at once. Nothing here is persisted. Each request carries its executor's endpoint secret.
 */
public final class ExecutorUsagePoller implements TaskUsage, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorUsagePoller.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long one round waits for its answers; what has not come by then is cancelled. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final int MISSED_ROUNDS = 3;
    /** The most time between two requests of a round. */
    private static final Duration SPACING = Duration.ofMillis(20);

    private final TaskRepository tasks;
    private final ExecutorEndpointSecrets secrets;
    private final Duration period;
    /** HTTP/1.1 outright: the executors' endpoint speaks nothing else, so an h2c upgrade offer would be wasted. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pacer-usage-poller");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Seen> latest = new ConcurrentHashMap<>();
    /** Told of each request as it leaves (a test's view of the spacing, which arrival times blur on a busy machine). */
    private final java.util.function.Consumer<String> sent;
    /** Only the loop's thread counts rounds. */
    private long round;

    private record Seen(JsonNode usage, long round) {
    }

    public ExecutorUsagePoller(TaskRepository tasks, ExecutorEndpointSecrets secrets, Duration period) {
        this(tasks, secrets, period, endpoint -> { });
    }

    ExecutorUsagePoller(TaskRepository tasks, ExecutorEndpointSecrets secrets, Duration period, java.util.function.Consumer<String> sent) {
        this.tasks = tasks;
        this.secrets = secrets;
        this.period = period;
        this.sent = sent;
    }

    /** Polls every period from now on, on a daemon thread of its own; {@link #close()} stops it. */
    public void start() {
        loop.scheduleWithFixedDelay(() -> {
            try {
                poll();
            } catch (RuntimeException e) { // it would end the schedule for good
                LOG.warn("Asking executors for their tasks' usage failed; trying again next round", e);
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<JsonNode> of(String taskId) {
        return Optional.ofNullable(latest.get(taskId)).map(Seen::usage);
    }

    /**
     * One round. The next starts a period after this one ends, and this one ends within the timeout, so rounds
     * never overlap and a slow executor never has two requests waiting.
     */
    private void poll() {
        round++;
        List<TaskRecord> polledTasks = tasks.all().stream()
                .filter(t -> !TaskStates.isTerminal(t.state()) && t.executorEndpoint().isPresent()).toList();
        Map<String, List<String>> tasksByEndpoint = polledTasks.stream().collect(Collectors.groupingBy(t -> t.executorEndpoint().get(),
                Collectors.mapping(TaskRecord::taskId, Collectors.toList())));
        // one executor per endpoint, its tasks all carry its id; signed before the spaced-out sending begins
        Map<String, String> authorizationByEndpoint = polledTasks.stream()
                .collect(Collectors.toMap(t -> t.executorEndpoint().get(), TaskRecord::executorId, (a, b) -> a))
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> secrets.authorizationOf(e.getValue())));
        Map<String, CompletableFuture<HttpResponse<byte[]>>> asked = new HashMap<>();
        long spacingNanos = Math.min(SPACING.toNanos(), period.toNanos() / 2 / Math.max(1, tasksByEndpoint.size()));
        try {
            for (String endpoint : tasksByEndpoint.keySet()) {
                asked.put(endpoint, ask(endpoint, authorizationByEndpoint.get(endpoint)));
                sent.accept(endpoint);
                TimeUnit.NANOSECONDS.sleep(spacingNanos);
            }
            CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // one executor failed or is slow: each answer is looked at on its own below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        } finally {
            // aborts what is still under way, a body that stalls after its headers included
            asked.values().forEach(a -> a.cancel(true));
        }
        asked.forEach((endpoint, answer) -> health(endpoint, answer).ifPresent(h -> remember(tasksByEndpoint.get(endpoint), h)));
        Set<String> polled = tasksByEndpoint.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        latest.entrySet().removeIf(e -> !polled.contains(e.getKey()) || round - e.getValue().round() >= MISSED_ROUNDS);
    }

    private CompletableFuture<HttpResponse<byte[]>> ask(String endpoint, String authorization) {
        try {
            return http.sendAsync(HttpRequest.newBuilder(URI.create(endpoint + "/health")).header("Authorization", authorization).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IllegalArgumentException badAddress) {
            return CompletableFuture.failedFuture(badAddress);
        }
    }

    private static Optional<JsonNode> health(String endpoint, CompletableFuture<HttpResponse<byte[]>> answer) {
        if (answer.isCompletedExceptionally()) {
            LOG.debug("No usage from the executor at {}: {}", endpoint, answer.handle((r, e) -> e).join());
            return Optional.empty();
        }
        HttpResponse<byte[]> response = answer.join();
        if (response.statusCode() != 200) {
            LOG.debug("No usage from the executor at {}: HTTP {}", endpoint, response.statusCode());
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            LOG.debug("No usage from the executor at {}: {}", endpoint, e.getMessage());
            return Optional.empty();
        }
    }

    private void remember(List<String> taskIds, JsonNode health) {
        Map<String, JsonNode> reported = new HashMap<>();
        health.path("tasks").forEach(t -> {
            if (t.path("usage").isObject()) {
                reported.put(t.path("id").asText(), t.get("usage"));
            }
        });
        for (String id : taskIds) {
            Optional.ofNullable(reported.get(id)).ifPresentOrElse(u -> latest.put(id, new Seen(u, round)), () -> latest.remove(id));
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
