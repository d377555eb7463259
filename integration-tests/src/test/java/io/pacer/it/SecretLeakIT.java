package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No password or secret leaks: pacer.jar with API users from --http-credentials and from a credentials file, as an
 * authenticated framework (--mesos-authentication-principal and -secret-file) of a standalone local cluster that
 * requires framework and executor authentication, runs an app that prints its environment; then every secret, and
 * every {@code user:secret} in base64 (as an Authorization header carries it), is looked for in everything the run
 * shows or wrote: the API's answers (/v2/info, apps, versions, tasks, deployments, queue, metrics, whoami, a 401 and
 * a 403), the event stream, the executor's task spec view and the task's stdout and stderr through Pacer, and every
 * file under Pacer's and the cluster's work dirs (their logs, Pacer's state, the sandboxes). The secrets are
 * distinctive strings, and the same search finds them in the files they were given in: it cannot miss them.
 */
class SecretLeakIT {
    private static final String APP = "/secret/printenv";
    private static final String CLI_ADMIN = "ops";
    private static final String CLI_PASSWORD = "leakcheck-cli-admin-Q7mZ2x";
    private static final String FILE_ADMIN = "lead";
    private static final String FILE_ADMIN_PASSWORD = "leakcheck-file-admin-K4vN8r";
    private static final String VIEWER = "dev";
    private static final String VIEWER_PASSWORD = "leakcheck-file-viewer-T9wB3j";
    private static final String PRINCIPAL = "pacer";
    private static final String MESOS_SECRET = "leakcheck-mesos-secret-H6pL1y";

    @TempDir
    Path dir;

    @Test
    void noPasswordOrSecretInAnyAnswerEventLogOrFileOfTheRun() throws Exception {
        Path inputs = Files.createDirectories(dir.resolve("inputs"));
        Path users = Files.writeString(inputs.resolve("users"), FILE_ADMIN + ":" + FILE_ADMIN_PASSWORD + "\n"
                + VIEWER + ":" + VIEWER_PASSWORD + ":viewer\n");
        Path secretFile = Files.writeString(inputs.resolve("mesos-secret"), MESOS_SECRET + "\n");
        Path clusterCredentials = Files.writeString(inputs.resolve("credentials.json"),
                "{\"credentials\": [{\"principal\": \"" + PRINCIPAL + "\", \"secret\": \"" + MESOS_SECRET + "\"}]}");
        String admin = FILE_ADMIN + ":" + FILE_ADMIN_PASSWORD;
        Map<String, String> captured = new LinkedHashMap<>();

        try (LocalClusterProcess cluster = LocalClusterProcess.start(dir.resolve("cluster"), "--authenticate-http-frameworks",
                "--credentials", clusterCredentials.toString(), "--authenticate-http-executors");
             PacerProcess pacer = PacerProcess.start(dir.resolve("pacer"), "--master", cluster.masterUrl(),
                     "--mesos-authentication-principal", PRINCIPAL, "--mesos-authentication-secret-file", secretFile.toString(),
                     "--http-credentials", CLI_ADMIN + ":" + CLI_PASSWORD, "--http-credentials-file", users.toString(),
                     "--executor-idle-timeout", "1secs");
             EventStreamClient events = EventStreamClient.open(pacer, CLI_ADMIN + ":" + CLI_PASSWORD)) {
            HttpResponse<String> created = pacer.sendAs(admin, "POST", "/v2/apps",
                    "{\"id\": \"" + APP + "\", \"cmd\": \"env; echo the-end-of-env; exec sleep 7824\", \"cpus\": 0.1, \"mem\": 32}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            events.await(EventStreamClient.appStatus(APP, "TASK_RUNNING"), Duration.ofSeconds(90));
            String taskId = Poll.until(Duration.ofSeconds(60), () -> "a running task of " + APP + "; Pacer's log:\n" + pacer.tail(), () -> {
                JsonNode tasks = PacerProcess.JSON.readTree(pacer.sendAs(admin, "GET", "/v2/apps" + APP + "/tasks", null).body()).get("tasks");
                return tasks.size() == 1 && tasks.get(0).get("state").asText().equals("TASK_RUNNING")
                        ? Optional.of(tasks.get(0).get("id").asText()) : Optional.empty();
            });
            String stdout = "/v2/tasks/" + taskId + "/files/stdout?tail=1000";
            Poll.until(Duration.ofSeconds(30), () -> "the task's environment on its stdout", () ->
                    pacer.sendAs(admin, "GET", stdout, null).body().contains("the-end-of-env") ? Optional.of(true) : Optional.empty());

            for (String path : List.of("/v2/info", "/v2/apps?embed=apps.tasks&embed=apps.lastTaskFailure&embed=apps.deployments",
                    "/v2/apps" + APP, "/v2/apps" + APP + "/versions", "/v2/tasks", "/v2/apps" + APP + "/tasks", "/v2/deployments",
                    "/v2/queue", "/v2/leader", "/metrics", "/v2/pacer/whoami", "/v2/tasks/" + taskId + "/executor", stdout,
                    "/v2/tasks/" + taskId + "/files/stderr?tail=1000")) {
                HttpResponse<String> answer = pacer.sendAs(admin, "GET", path, null);
                assertThat(answer.statusCode()).as("GET %s: %s", path, answer.body()).isEqualTo(200);
                captured.put("GET " + path, answer.body());
            }
            assertThat(captured.get("GET /v2/tasks/" + taskId + "/executor")).as("the executor's task spec view").contains(taskId, "7824");
            assertThat(captured.get("GET " + stdout)).as("the task's environment").contains("PATH=", "MESOS_TASK_ID=")
                    .doesNotContain("MESOS_EXECUTOR_AUTHENTICATION_TOKEN");
            captured.put("a wrong password's 401", pacer.sendAs(CLI_ADMIN + ":" + CLI_PASSWORD + "x", "GET", "/v2/apps", null).body());
            captured.put("a viewer's 403", pacer.sendAs(VIEWER + ":" + VIEWER_PASSWORD, "DELETE", "/v2/apps" + APP, null).body());

            assertThat(pacer.sendAs(admin, "DELETE", "/v2/apps" + APP + "?force=true", null).statusCode()).isEqualTo(200);
            events.await(EventStreamClient.appStatus(APP, "TASK_KILLED"), Duration.ofSeconds(60));
            Poll.until(Duration.ofSeconds(30), () -> "the app's task and executor to end", () -> LeftoverProcesses.under(dir).stream()
                    .noneMatch(p -> p.contains("sleep 7824") || p.contains("pacer-executor.jar")) ? Optional.of(true) : Optional.empty());
            captured.put("/v2/events", String.join("\n", events.all().stream().map(JsonNode::toString).toList()));
            assertThat(captured.get("/v2/events")).contains("api_post_event", "status_update_event");
        }
        // closed: their logs are whole
        captured.putAll(filesUnder(dir.resolve("pacer")));
        captured.putAll(filesUnder(dir.resolve("cluster")));
        assertThat(captured).containsKeys("file " + dir.resolve("pacer/pacer.log"), "file " + dir.resolve("cluster/local-cluster.log"));
        assertThat(captured.entrySet()).as("the task's stdout in its sandbox, among the files")
                .anyMatch(file -> file.getKey().startsWith("file " + dir.resolve("cluster")) && file.getValue().contains("the-end-of-env"));

        assertThat(leaks(filesUnder(inputs))).as("the search finds each secret where it was given").hasSize(4);
        assertThat(leaks(captured)).as("secrets in what the run showed or wrote (%d sources)", captured.size()).isEmpty();
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    /** Each secret as given, and {@code user:secret} as an Authorization header carries it. */
    private static Map<String, String> needles() {
        Map<String, String> needles = new LinkedHashMap<>();
        for (String[] credential : List.of(new String[] {CLI_ADMIN, CLI_PASSWORD}, new String[] {FILE_ADMIN, FILE_ADMIN_PASSWORD},
                new String[] {VIEWER, VIEWER_PASSWORD}, new String[] {PRINCIPAL, MESOS_SECRET})) {
            needles.put(credential[1], credential[1]);
            needles.put("base64 of " + credential[0] + ":" + credential[1],
                    Base64.getEncoder().encodeToString((credential[0] + ":" + credential[1]).getBytes(StandardCharsets.UTF_8)));
        }
        return needles;
    }

    /** "NEEDLE in SOURCE" for every needle found in a source. */
    private static List<String> leaks(Map<String, String> sources) {
        List<String> found = new ArrayList<>();
        needles().forEach((name, needle) -> sources.forEach((source, text) -> {
            if (text.contains(needle)) {
                found.add(name + " in " + source);
            }
        }));
        return found;
    }

    /** Every regular file under {@code root}, as Latin-1 text: any byte sequence reads, and the secrets are ASCII. */
    private static Map<String, String> filesUnder(Path root) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put("file " + file, new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }
}
