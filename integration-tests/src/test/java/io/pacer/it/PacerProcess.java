package io.pacer.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Pacer as a user runs it: {@code java -jar pacer.jar} in a process of its own, on the embedded cluster, with a
 * fresh work dir; plus the HTTP calls the tests make to it. Closing stops it with SIGTERM, as Ctrl-C would.
 */
final class PacerProcess implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern API = Pattern.compile("REST API\\s+(https?://\\S+)/v2/apps");

    private final Process process;
    private final ProcessOutput output;
    private final Path workDir;
    private final Path log;
    final URI uri;
    final HttpClient http;

    private PacerProcess(Process process, ProcessOutput output, Path workDir, Path log, URI uri, HttpClient http) {
        this.http = http;
        this.process = process;
        this.output = output;
        this.workDir = workDir;
        this.log = log;
        this.uri = uri;
    }

    static PacerProcess start(Path workDir, String... extraArgs) throws Exception {
        return start(HttpClient.newHttpClient(), workDir, extraArgs);
    }

    /** The same, calling its API with {@code http} (one that trusts its certificate, when it serves HTTPS only). */
    static PacerProcess start(HttpClient http, Path workDir, String... extraArgs) throws Exception {
        Files.createDirectories(workDir);
        Path log = workDir.resolve("pacer.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("pacer.jar"), "--http-port", "0", "--hostname", "127.0.0.1",
                "--work-dir", workDir.toString()));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ProcessOutput output = ProcessOutput.follow(process, log, API);
        try {
            URI uri = URI.create(output.announced().get(60, TimeUnit.SECONDS));
            return new PacerProcess(process, output, workDir, log, uri, http);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("pacer.jar did not start; its output:\n" + Files.readString(log), e);
        }
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri.resolve(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code method path} with HTTP Basic {@code credentials} ({@code user:password}). */
    HttpResponse<String> sendAs(String credentials, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri.resolve(path)).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send("GET", path, null);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /**
     * The deployment a change started: {@code response} answered {@code status}, with the deploymentId in its body
     * and in the Marathon-Deployment-Id header (Marathon's groups and apps resources send both).
     */
    static String deploymentId(HttpResponse<String> response, int status) throws IOException {
        if (response.statusCode() != status) {
            throw new AssertionError("expected " + status + ", got " + response.statusCode() + ": " + response.body());
        }
        String id = JSON.readTree(response.body()).path("deploymentId").asText();
        if (id.isEmpty() || !response.headers().firstValue("Marathon-Deployment-Id").orElse("").equals(id)) {
            throw new AssertionError("no deploymentId in both body and Marathon-Deployment-Id header: " + response.headers().map()
                    + " " + response.body());
        }
        return id;
    }

    JsonNode tasks(String appId) throws Exception {
        return get("/v2/apps" + appId + "/tasks").get("tasks");
    }

    /**
     * Waits until no running deployment holds the app: Pacer, as Marathon, refuses (409) a change of an app that a
     * deployment holds unless forced, and a deployment ends a little after its tasks show its target.
     */
    void awaitDeployed(String appId) throws Exception {
        Poll.until(Duration.ofSeconds(60), () -> "no deployment of " + appId + " in " + get("/v2/deployments") + "; Pacer's log:\n" + tail(),
                () -> {
                    for (JsonNode d : get("/v2/deployments")) {
                        for (JsonNode app : d.get("affectedApps")) {
                            if (app.asText().equals(appId)) {
                                return Optional.empty();
                            }
                        }
                    }
                    return Optional.of(true);
                });
    }

    /** The deployment {@code id} as /v2/deployments lists it, if it still runs. */
    Optional<JsonNode> deployment(String id) throws Exception {
        for (JsonNode d : get("/v2/deployments")) {
            if (d.get("id").asText().equals(id)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Polls until {@code condition} holds for the app's tasks, or fails with what they were. */
    JsonNode awaitTasks(String appId, Predicate<JsonNode> condition, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode tasks = tasks(appId);
        while (!condition.test(tasks)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("tasks of " + appId + " never reached the expected state within " + within
                        + "; last seen:\n" + tasks.toPrettyString() + "\nPacer's log:\n" + tail());
            }
            Thread.sleep(200);
            tasks = tasks(appId);
        }
        return tasks;
    }

    /** Exactly {@code count} tasks, all TASK_RUNNING. */
    static Predicate<JsonNode> running(int count) {
        return tasks -> {
            int n = 0;
            for (JsonNode t : tasks) {
                if (t.get("state").asText().equals("TASK_RUNNING")) {
                    n++;
                }
            }
            return n == count && tasks.size() == count;
        };
    }

    static Predicate<JsonNode> healthy(int count) {
        return tasks -> {
            int n = 0;
            for (JsonNode t : tasks) {
                JsonNode results = t.get("healthCheckResults");
                if ("TASK_RUNNING".equals(t.get("state").asText()) && results.size() > 0 && results.get(0).get("alive").asBoolean()) {
                    n++;
                }
            }
            return n == count && tasks.size() == count;
        };
    }

    /** The ids of a JSON list of tasks, apps or groups, in its order (only theirs: not those nested inside them). */
    static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }

    /** The ids of tasks as {@code /v2/apps/{id}/tasks} lists them. */
    static java.util.Set<String> taskIds(JsonNode tasks) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        tasks.forEach(t -> ids.add(t.get("id").asText()));
        return ids;
    }

    /**
     * Polls until {@code /v2/deployments} is empty; on a timeout keeps Pacer's log as target/{@code testName}-pacer.log
     * and fails with the deployments still listed.
     */
    void awaitNoDeployment(Duration within, String testName) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (get("/v2/deployments").size() > 0) {
            if (System.nanoTime() > deadline) {
                keepLog(testName);
                throw new AssertionError("deployments still running after " + within + ": " + get("/v2/deployments") + "\n" + tail());
            }
            Thread.sleep(200);
        }
    }

    /** Pacer's log outlives the test's temporary folder, as target/{@code testName}-pacer.log, for a look after a failure. */
    void keepLog(String testName) throws IOException {
        Files.copy(log, Path.of("target", testName + "-pacer.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    Path workDir() {
        return workDir;
    }

    /** A file in the task's sandbox on the agent, wherever the embedded cluster put it. */
    Optional<Path> sandboxFile(String relative, String taskId) throws IOException {
        String folder = taskId.replaceAll("[^A-Za-z0-9._-]", "_");
        try (Stream<Path> files = Files.walk(workDir)) {
            return files.filter(p -> p.endsWith(Path.of("tasks", folder, relative))).findFirst();
        }
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** Freezes Pacer (SIGSTOP): its process and port stay, nothing answers, as a hung JVM. */
    void freeze() throws Exception {
        new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** How this Pacer stands in the election (--hostname 127.0.0.1 and its API's port), as /v2/leader names it. */
    String hostPort() {
        return uri.getHost() + ":" + uri.getPort();
    }

    /** Kills Pacer with SIGKILL (its embedded cluster with it), as a crash or kill -9 would. */
    void crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops Pacer as Ctrl-C would and waits for it, and for the last of its output in the log. */
    @Override
    public void close() throws Exception {
        if (!process.isAlive()) {
            return;
        }
        // SIGTERM through the handle: Process.destroy() would also close our end of its output, losing what it
        // says while it stops
        process.toHandle().destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("pacer.jar did not stop within 60 s of SIGTERM");
        }
        output.awaitEnd(TimeUnit.SECONDS.toMillis(10));
    }
}
