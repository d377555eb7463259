package io.pacer.scheduler.api;

import io.pacer.scheduler.task.ExecutorEndpointSecrets;
import io.pacer.scheduler.task.TaskRecord;
import io.pacer.scheduler.task.TaskRepository;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a task's own executor knows, fetched through Pacer so that a client needs to reach Pacer only (on a real
 * cluster the agents are often out of a browser's reach): {@code GET /v2/tasks/{id}/executor} is the executor's
 * {@code /tasks/<id>} (state and health history, spec, usage), {@code GET /v2/tasks/{id}/files/stdout|stderr?tail=N}
 * the last N lines of that sandbox log. An executor that cannot be reached answers 502, a slow one 504. Each request
 * carries the executor's endpoint secret, which the client never sees.
 */
final class ExecutorProxy {
    private static final Pattern DETAILS = Pattern.compile("/v2/tasks/([^/]+)/executor");
    private static final Pattern FILE = Pattern.compile("/v2/tasks/([^/]+)/files/(stdout|stderr)");
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final TaskRepository tasks;
    private final ExecutorEndpointSecrets secrets;
    private final Duration timeout;
    private final HttpClient http;

    ExecutorProxy(TaskRepository tasks, ExecutorEndpointSecrets secrets, Duration timeout) {
        this.tasks = tasks;
        this.secrets = secrets;
        this.timeout = timeout;
        // HTTP/1.1 outright, as ExecutorUsagePoller: the executor's endpoint speaks nothing else
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** Answers the two paths above; null for any other. */
    ApiResponse handle(ApiRequest request) {
        Matcher m;
        if ((m = DETAILS.matcher(request.path())).matches()) {
            return forward(knownTask(request, m.group(1)), "");
        }
        if ((m = FILE.matcher(request.path())).matches()) {
            String tail = request.queryParam("tail").map(t -> "?tail=" + URLEncoder.encode(t, StandardCharsets.UTF_8)).orElse("");
            return forward(knownTask(request, m.group(1)), "/files/" + m.group(2) + tail);
        }
        return null;
    }

    /** The task the path names, for GET and HEAD only. */
    private TaskRecord knownTask(ApiRequest request, String taskId) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            throw ApiException.of(405, request.method() + " is not allowed on " + request.path());
        }
        return tasks.get(taskId).orElseThrow(() -> ApiException.of(404, "Task '" + taskId + "' does not exist"));
    }

    private ApiResponse forward(TaskRecord task, String below) {
        String endpoint = task.executorEndpoint().orElseThrow(() -> ApiException.of(404,
                "Task '" + task.taskId() + "' has no executor endpoint yet: its executor reports one when the task runs"));
        URI uri = URI.create(endpoint + "/tasks/" + URLEncoder.encode(task.taskId(), StandardCharsets.UTF_8) + below);
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Authorization", secrets.authorizationOf(task.executorId())).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw ApiException.of(504, "The executor of task '" + task.taskId() + "' at " + endpoint + " did not answer within "
                    + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw ApiException.of(502, "The executor of task '" + task.taskId() + "' at " + endpoint + " cannot be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.of(503, "Pacer is stopping");
        }
        String contentType = answer.headers().firstValue("Content-Type").orElse("application/octet-stream");
        return switch (answer.statusCode()) {
            case 200 -> new ApiResponse(200, contentType, answer.body(), Map.of("Cache-Control", "no-store"));
            // the executor's words for a task it no longer has or a bad ?tail
            case 400, 404 -> throw ApiException.of(answer.statusCode(), new String(answer.body(), StandardCharsets.UTF_8).strip());
            default -> throw ApiException.of(502, "The executor of task '" + task.taskId() + "' at " + endpoint + " answered HTTP "
                    + answer.statusCode());
        };
    }
}
