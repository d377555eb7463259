package io.pacer.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Reads Pacer's /v2/events (server-sent events) in the background and lets a test wait for an event. */
final class EventStreamClient implements AutoCloseable {
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final InputStream body;

    private EventStreamClient(InputStream body) {
        this.body = body;
        Thread reader = new Thread(this::read, "event-stream");
        reader.setDaemon(true);
        reader.start();
    }

    static EventStreamClient open(PacerProcess pacer) throws Exception {
        return open(pacer, HttpRequest.newBuilder(pacer.uri.resolve("/v2/events")));
    }

    /** Opened with HTTP Basic {@code credentials} ({@code user:password}). */
    static EventStreamClient open(PacerProcess pacer, String credentials) throws Exception {
        return open(pacer, HttpRequest.newBuilder(pacer.uri.resolve("/v2/events")).header("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));
    }

    private static EventStreamClient open(PacerProcess pacer, HttpRequest.Builder request) throws Exception {
        HttpResponse<InputStream> response = pacer.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        EventStreamClient client = new EventStreamClient(response.body());
        client.await(e -> e.get("eventType").asText().equals("event_stream_attached"), Duration.ofSeconds(10));
        return client;
    }

    /** A status_update_event of the task, in the state. */
    static Predicate<JsonNode> taskStatus(String taskId, String state) {
        return e -> isStatus(e, state) && e.get("taskId").asText().equals(taskId);
    }

    /** A status_update_event of any task of the app, in the state. */
    static Predicate<JsonNode> appStatus(String appId, String state) {
        return e -> isStatus(e, state) && e.get("appId").asText().equals(appId);
    }

    private static boolean isStatus(JsonNode e, String state) {
        return e.get("eventType").asText().equals("status_update_event") && e.get("taskStatus").asText().equals(state);
    }

    /** The first event (in arrival order) that matches, waiting for it if needed. */
    JsonNode await(Predicate<JsonNode> matches, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode e : events) {
                if (matches.test(e)) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching event within " + within + "; events seen:\n" + String.join("\n",
                events.stream().map(JsonNode::toString).toList()));
    }

    /** Those of {@code tasks} that a status_update_event so far put in {@code state}. */
    java.util.Set<String> taskIds(String state, java.util.Set<String> tasks) {
        java.util.Set<String> found = new java.util.HashSet<>();
        events.stream().filter(e -> isStatus(e, state)).forEach(e -> found.add(e.get("taskId").asText()));
        found.retainAll(tasks);
        return found;
    }

    List<JsonNode> all() {
        return List.copyOf(events);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events.add(PacerProcess.JSON.readTree(line.substring(6)));
                }
            }
        } catch (IOException e) {
            // the stream ends when Pacer stops or the test closes it
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
