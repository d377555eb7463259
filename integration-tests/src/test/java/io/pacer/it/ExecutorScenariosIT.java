package io.pacer.it;

import static io.pacer.it.EventStreamClient.appStatus;
import static io.pacer.it.EventStreamClient.taskStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor's behaviours of issue 5 end to end, on the real pacer.jar with its embedded cluster and the executor
 * jar it serves: a task that finishes, a kill that has to escalate to SIGKILL, an artifact that cannot be fetched,
 * TCP and COMMAND health checks that kill their task, the health grace period, and a terminal update that the
 * executor keeps through a crash of Pacer (and of its agent) and re-sends when the agent is back.
 */
class ExecutorScenariosIT {
    private static final Duration LAUNCH = Duration.ofSeconds(60);
    private static final Pattern STARTED = Pattern.compile("Started process (\\d+)");

    /** Listens on $PORT0 until a file {@code stop} appears in its sandbox, then stops listening but keeps running. */
    private static final String TCP_SERVER = String.join("\n",
            "import os, socket, time",
            "s = socket.socket()",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "s.bind(('', int(os.environ['PORT0'])))",
            "s.listen(16)",
            "s.settimeout(0.2)",
            "while not os.path.exists('stop'):",
            "    try:",
            "        s.accept()[0].close()",
            "    except socket.timeout:",
            "        pass",
            "s.close()",
            "while True:",
            "    time.sleep(1)");

    @TempDir
    Path dir;

    @Test
    void aTaskThatExitsZeroFinishes() throws Exception {
        String appId = "/exec/finish";
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            post(pacer, app(appId).put("cmd", "exit 0").put("backoffSeconds", 60));

            JsonNode finished = events.await(appStatus(appId, "TASK_FINISHED"), LAUNCH);
            String taskId = finished.get("taskId").asText();
            assertThat(finished.get("message").asText()).isEqualTo("Command exited with status 0");
            assertThat(finished.has("reason")).as("an executor's TASK_FINISHED has no reason: " + finished).isFalse();
            List<JsonNode> history = statuses(events, taskId);
            assertThat(history).extracting(e -> e.get("taskStatus").asText())
                    .containsExactly("TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED");
            assertThat(history.get(0).get("message").asText()).startsWith("Starting");
            assertThat(history.get(1).get("message").asText()).matches("Started process \\d+");
            assertThat(pacer.tasks(appId)).as("a finished task is not listed any more").isEmpty();
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    void aKilledTaskThatIgnoresSigtermIsKilledWithSigkillAfterItsGracePeriod() throws Exception {
        String appId = "/exec/stubborn";
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            post(pacer, app(appId).put("cmd", "trap '' TERM; while :; do sleep 1; done").put("taskKillGracePeriodSeconds", 2));
            String taskId = events.await(appStatus(appId, "TASK_RUNNING"), LAUNCH).get("taskId").asText();
            Path sandbox = awaitSandbox(pacer, taskId);
            assertThat(LeftoverProcesses.under(sandbox)).as("the task's processes, in its sandbox").isNotEmpty();

            assertThat(pacer.send("DELETE", "/v2/apps" + appId + "/tasks/" + taskId + "?scale=true", null).statusCode()).isEqualTo(200);

            JsonNode killing = events.await(taskStatus(taskId, "TASK_KILLING"), Duration.ofSeconds(30));
            assertThat(killing.get("message").asText()).isEqualTo("Killing the task: SIGTERM, then SIGKILL after 2000 ms");
            JsonNode killed = events.await(taskStatus(taskId, "TASK_KILLED"), Duration.ofSeconds(30));
            assertThat(killed.get("message").asText()).isEqualTo("Command terminated with signal SIGKILL (status 137)");
            assertThat(between(killing, killed)).as("SIGKILL waits out the 2 s grace period")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(LeftoverProcesses.under(sandbox)).as("nothing of the task is left once it is TASK_KILLED").isEmpty();
            assertThat(pacer.get("/v2/apps" + appId).get("app").get("instances").asInt()).isZero();
            pacer.awaitTasks(appId, JsonNode::isEmpty, Duration.ofSeconds(10));
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    void anArtifactThatCannotBeFetchedFailsTheLaunchNamingItsUriAndTheCause() throws Exception {
        String appId = "/exec/unfetchable";
        List<String> requested = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requested.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/missing.tar.gz";
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            ObjectNode app = app(appId).put("cmd", "exit 0").put("backoffSeconds", 60);
            app.putArray("fetch").addObject().put("uri", uri);
            post(pacer, app);

            JsonNode failed = events.await(appStatus(appId, "TASK_FAILED"), LAUNCH);
            assertThat(failed.get("reason").asText()).isEqualTo("REASON_CONTAINER_LAUNCH_FAILED");
            assertThat(failed.get("message").asText()).startsWith("Staging artifact " + uri + " failed: ")
                    .isEqualTo("Staging artifact " + uri + " failed: 404 Not Found from " + uri);
            assertThat(requested).as("the executor asked our server once: a 4xx is not retried").containsExactly("/missing.tar.gz");
            assertThat(statuses(events, failed.get("taskId").asText())).extracting(e -> e.get("taskStatus").asText())
                    .as("the task never ran").doesNotContain("TASK_RUNNING");
            JsonNode lastFailure = pacer.get("/v2/apps" + appId).get("app").get("lastTaskFailure");
            assertThat(lastFailure.get("reason").asText()).isEqualTo("REASON_CONTAINER_LAUNCH_FAILED");
            assertThat(lastFailure.get("message").asText()).isEqualTo(failed.get("message").asText());
            assertThat(pacer.send("GET", "/ping", null).body()).as("Pacer keeps answering").isEqualTo("pong");
        } finally {
            server.stop(0);
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    void aTaskThatStopsListeningFailsItsTcpCheckIsKilledAndReplaced() throws Exception {
        String appId = "/exec/tcp";
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            ObjectNode app = app(appId).put("mem", 64).put("backoffSeconds", 1);
            app.putArray("args").add("python3").add("-c").add(TCP_SERVER);
            app.putArray("portDefinitions").addObject().put("port", 0);
            app.putArray("healthChecks").addObject().put("protocol", "TCP").put("portIndex", 0).put("gracePeriodSeconds", 30)
                    .put("intervalSeconds", 1).put("timeoutSeconds", 2).put("maxConsecutiveFailures", 2).put("delaySeconds", 0);
            post(pacer, app);

            JsonNode task = pacer.awaitTasks(appId, PacerProcess.healthy(1), LAUNCH).get(0);
            String victim = task.get("id").asText();
            String target = "127.0.0.1:" + task.get("ports").get(0).asInt();
            Files.createFile(awaitSandbox(pacer, victim).resolve("stop"));

            JsonNode firstFailure = events.await(e -> is(e, "failed_health_check_event", victim), Duration.ofSeconds(20));
            assertThat(firstFailure.get("message").asText())
                    .isEqualTo("TCP health check of " + target + " failed 1 time(s) in a row: connection refused");
            assertThat(firstFailure.get("healthCheck").get("protocol").asText()).isEqualTo("TCP");
            JsonNode killed = events.await(taskStatus(victim, "TASK_KILLED"), Duration.ofSeconds(20));
            String killMessage = "Killed because the TCP health check of " + target
                    + " failed 2 consecutive times (limit 2), last: connection refused; command terminated with signal SIGTERM (status 143)";
            assertThat(killed.get("message").asText()).isEqualTo(killMessage);
            assertThat(checkFailures(events, victim, "TCP")).as("both counted failures are reported").containsExactly(
                    "TCP health check of " + target + " failed 1 time(s) in a row: connection refused",
                    "TCP health check of " + target + " failed 2 time(s) in a row: connection refused");
            JsonNode kill = events.await(e -> is(e, "unhealthy_task_kill_event", victim), Duration.ofSeconds(5));
            assertThat(kill.get("reason").asText()).isEqualTo(killMessage);
            assertThat(kill.get("appId").asText()).isEqualTo(appId);

            JsonNode replacement = events.await(e -> appStatus(appId, "TASK_RUNNING").test(e)
                    && !e.get("taskId").asText().equals(victim), Duration.ofSeconds(30));
            JsonNode now = pacer.awaitTasks(appId, PacerProcess.healthy(1), Duration.ofSeconds(30));
            assertThat(now.get(0).get("id").asText()).isEqualTo(replacement.get("taskId").asText());
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    /** An app running {@code cmd} with a COMMAND check every second, from the start, and no relaunch for a minute. */
    private static ObjectNode withCommandCheck(String appId, String cmd, String command, int graceSeconds, int timeoutSeconds,
                                               int maxConsecutiveFailures) {
        ObjectNode app = app(appId).put("cmd", cmd).put("backoffSeconds", 60);
        ObjectNode check = app.putArray("healthChecks").addObject().put("protocol", "COMMAND").put("gracePeriodSeconds", graceSeconds)
                .put("intervalSeconds", 1).put("timeoutSeconds", timeoutSeconds).put("maxConsecutiveFailures", maxConsecutiveFailures)
                .put("delaySeconds", 0);
        check.putObject("command").put("value", command);
        return app;
    }

    @Test
    void aCommandCheckIsHealthyUntilItsFileAppearsThenTheTaskIsKilled() throws Exception {
        String appId = "/exec/command";
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            post(pacer, withCommandCheck(appId, "exec sleep 1005", "test ! -e stop", 30, 5, 2));

            JsonNode task = pacer.awaitTasks(appId, PacerProcess.healthy(1), LAUNCH).get(0);
            String taskId = task.get("id").asText();
            assertThat(task.get("healthCheckResults").get(0).get("alive").asBoolean()).isTrue();
            JsonNode passed = events.await(e -> taskStatus(taskId, "TASK_RUNNING").test(e)
                    && e.get("message").asText().startsWith("COMMAND"), Duration.ofSeconds(5));
            assertThat(passed.get("message").asText()).isEqualTo("COMMAND health check of /bin/sh -c test ! -e stop passed: exit status 0");
            assertThat(passed.get("reason").asText()).isEqualTo("REASON_TASK_HEALTH_CHECK_STATUS_UPDATED");
            Files.createFile(awaitSandbox(pacer, taskId).resolve("stop"));

            JsonNode firstFailure = events.await(e -> is(e, "failed_health_check_event", taskId), Duration.ofSeconds(20));
            assertThat(firstFailure.get("message").asText())
                    .isEqualTo("COMMAND health check of /bin/sh -c test ! -e stop failed 1 time(s) in a row: command exited with status 1");
            JsonNode killed = events.await(taskStatus(taskId, "TASK_KILLED"), Duration.ofSeconds(20));
            assertThat(killed.get("message").asText()).isEqualTo("Killed because the COMMAND health check of /bin/sh -c test ! -e stop"
                    + " failed 2 consecutive times (limit 2), last: command exited with status 1;"
                    + " command terminated with signal SIGTERM (status 143)");
            assertThat(checkFailures(events, taskId, "COMMAND")).containsExactly(
                    "COMMAND health check of /bin/sh -c test ! -e stop failed 1 time(s) in a row: command exited with status 1",
                    "COMMAND health check of /bin/sh -c test ! -e stop failed 2 time(s) in a row: command exited with status 1");
            events.await(e -> is(e, "unhealthy_task_kill_event", taskId), Duration.ofSeconds(5));
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    @Test
    void failuresWithinTheGracePeriodDoNotCountButTheFirstOneAfterItKills() throws Exception {
        String appId = "/exec/grace";
        try (PacerProcess pacer = PacerProcess.start(dir.resolve("pacer")); EventStreamClient events = EventStreamClient.open(pacer)) {
            post(pacer, withCommandCheck(appId, "exec sleep 1006", "false", 4, 2, 1));

            JsonNode task = pacer.awaitTasks(appId, PacerProcess.running(1), LAUNCH).get(0);
            String taskId = task.get("id").asText();
            URI executor = URI.create(task.get("executorEndpoint").asText());
            JsonNode running = events.await(taskStatus(taskId, "TASK_RUNNING"), Duration.ofSeconds(5));
            assertThat(running.get("message").asText()).matches("Started process \\d+");
            JsonNode killed = events.await(taskStatus(taskId, "TASK_KILLED"), Duration.ofSeconds(30));
            JsonNode firstFailure = events.await(e -> is(e, "failed_health_check_event", taskId), Duration.ofSeconds(5));

            assertThat(between(running, firstFailure)).as("no failure is reported within the 4 s grace period")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(4));
            assertThat(between(running, killed)).as("killed only after the grace period, but soon after it")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(4)).isLessThan(Duration.ofSeconds(10));
            assertThat(killed.get("message").asText()).isEqualTo("Killed because the COMMAND health check of /bin/sh -c false"
                    + " failed 1 consecutive times (limit 1), last: command exited with status 1;"
                    + " command terminated with signal SIGTERM (status 143)");
            assertThat(checkFailures(events, taskId, "COMMAND")).as("the one counted failure").containsExactly(
                    "COMMAND health check of /bin/sh -c false failed 1 time(s) in a row: command exited with status 1");

            // The executor's own clock: the check did run and fail within the grace period, and was not counted.
            // Pacer no longer knows the killed task, so its proxy cannot ask: the test asks as Pacer would
            JsonNode journal = PacerProcess.JSON.readTree(pacer.http.send(HttpRequest.newBuilder(executor.resolve("/tasks/" + taskId))
                    .header("Authorization", ExecutorSecrets.authorization(dir.resolve("pacer"), appId)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            Instant runningAt = Instant.parse(stateAt(journal, "TASK_RUNNING", "Started process"));
            Instant countedAt = Instant.parse(stateAt(journal, "TASK_RUNNING", "COMMAND health check"));
            Instant graceEnd = runningAt.plusSeconds(4);
            assertThat(countedAt).as("the first counted failure").isAfter(graceEnd);
            List<Instant> ignored = new java.util.ArrayList<>();
            journal.get("health").forEach(r -> {
                if (!r.get("healthy").asBoolean() && Instant.parse(r.get("at").asText()).isBefore(graceEnd)) {
                    ignored.add(Instant.parse(r.get("at").asText()));
                }
            });
            assertThat(ignored).as("failures within the grace period, not counted: " + journal.get("health")).hasSizeGreaterThanOrEqualTo(3);
        }
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    /**
     * A terminal update the executor made while the agent was down is re-sent when the agent is back, and the agent
     * acknowledges it as Mesos's does (src/slave/slave.cpp: subscribe → statusUpdate(..., None()) → ___statusUpdate
     * acknowledges the HTTP executor). Without that acknowledgement (a bug this test found) the executor kept the
     * update, and on SHUTDOWN waited for it until 1 s before its grace period ended: Pacer took ~30 s to stop.
     */
    @Test
    void aTerminalUpdateMadeWhileTheAgentWasDownIsResentAndAcknowledgedWhenItIsBack() throws Exception {
        String appId = "/exec/survivor";
        Path workDir = dir.resolve("pacer");
        Path log = workDir.resolve("pacer.log");
        String taskId = crashWhileATaskRunsAndAwaitItsEnd(workDir, appId);
        int firstRun = Files.readString(log).length();

        PacerProcess second = PacerProcess.start(workDir);
        Duration stopping;
        try {
            List<String> resent = awaitLogLines(log, firstRun, "Status update TASK_FINISHED of task " + taskId + " from executor ",
                    Duration.ofSeconds(30));
            assertThat(resent).as("the executor re-sent its update to the restarted agent").hasSize(1);
            List<String> heard = awaitLogLines(log, firstRun, "Task " + taskId + " of " + appId + " is TASK_FINISHED: ",
                    Duration.ofSeconds(30));
            // Which message reaches Pacer depends on a race of the restart: the update itself when Pacer re-subscribed
            // before the executor did; else the master forwarded it while Pacer was not subscribed yet, and Pacer
            // learns the state from its reconciliation, in Mesos's words (the agent re-sends the update itself 10 s
            // later, for a task Pacer has already forgotten).
            assertThat(heard).hasSize(1).allSatisfy(line -> assertThat(line).containsAnyOf(
                    "is TASK_FINISHED: Command exited with status 0", "is TASK_FINISHED: Reconciliation: Latest task state"));
            assertThat(second.tasks(appId)).extracting(t -> t.get("id").asText()).doesNotContain(taskId);
        } finally {
            long closing = System.nanoTime();
            second.close();
            stopping = Duration.ofNanos(System.nanoTime() - closing);
        }
        String executorLog;
        try (Stream<Path> files = Files.walk(workDir)) {
            Path stderr = files.filter(f -> f.toString().contains("/executors/") && f.endsWith("stderr")
                    && !f.toString().contains("/tasks/")).findFirst().orElseThrow();
            executorLog = Files.readString(stderr);
        }
        assertThat(stopping).as("Pacer stops at once: its idle executor has nothing left to wait for; its log:\n" + executorLog)
                .isLessThan(Duration.ofSeconds(10));
        assertThat(executorLog).as("the executor's log").doesNotContain("Updates still unacknowledged");
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }

    /**
     * Starts Pacer with an app whose task runs 6 s then exits 0, crashes Pacer (and its agent) while the task runs,
     * and waits for the task's process to end while nothing is there to hear of it; returns the task's id.
     */
    private static String crashWhileATaskRunsAndAwaitItsEnd(Path workDir, String appId) throws Exception {
        String taskId;
        long pid;
        try (PacerProcess first = PacerProcess.start(workDir)) {
            post(first, app(appId).put("cmd", "sleep 6; exit 0").put("backoffSeconds", 60));
            JsonNode task = first.awaitTasks(appId, PacerProcess.running(1), LAUNCH).get(0);
            taskId = task.get("id").asText();
            Matcher started = STARTED.matcher(task.get("message").asText());
            assertThat(started.matches()).as("the TASK_RUNNING message names the process: " + task).isTrue();
            pid = Long.parseLong(started.group(1));
            first.crash();
        }
        assertThat(executors(workDir)).as("the checkpointing executor outlives the crash").hasSize(1);
        awaitExit(pid, Duration.ofSeconds(20));
        assertThat(executors(workDir)).as("and the end of its task, keeping the update").hasSize(1);
        assertThat(Files.readString(workDir.resolve("pacer.log"))).as("nobody heard of the end yet").doesNotContain("TASK_FINISHED");
        return taskId;
    }

    private static ObjectNode app(String id) {
        return PacerProcess.JSON.createObjectNode().put("id", id).put("cpus", 0.1).put("mem", 32);
    }

    private static void post(PacerProcess pacer, ObjectNode app) throws Exception {
        var response = pacer.send("POST", "/v2/apps", app.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static boolean is(JsonNode event, String type, String taskId) {
        return event.get("eventType").asText().equals(type) && taskId.equals(event.path("taskId").asText());
    }

    /** The task's status_update_events, in arrival order. */
    private static List<JsonNode> statuses(EventStreamClient events, String taskId) {
        return events.all().stream().filter(e -> is(e, "status_update_event", taskId)).toList();
    }

    /**
     * The messages of the task's failed_health_check_events that report a check's result. Pacer also publishes one
     * for the TASK_KILLED that ends a task killed for its checks (that update carries healthy=false, as Mesos's
     * command executor sends it), with the kill's message; that one is left out here.
     */
    private static List<String> checkFailures(EventStreamClient events, String taskId, String type) {
        return events.all().stream().filter(e -> is(e, "failed_health_check_event", taskId))
                .map(e -> e.get("message").asText()).filter(m -> m.startsWith(type + " health check of ")).toList();
    }

    /** When the executor's journal of the task records the state with a message starting so. */
    private static String stateAt(JsonNode journal, String state, String messageStart) {
        for (JsonNode change : journal.get("states")) {
            if (change.get("state").asText().equals(state) && change.get("message").asText().startsWith(messageStart)) {
                return change.get("at").asText();
            }
        }
        throw new AssertionError("no " + state + " \"" + messageStart + "...\" in " + journal.get("states"));
    }

    private static Duration between(JsonNode earlier, JsonNode later) {
        return Duration.between(Instant.parse(earlier.get("timestamp").asText()), Instant.parse(later.get("timestamp").asText()));
    }

    /** The task's sandbox folder, once its process has written (created) its stdout there. */
    private static Path awaitSandbox(PacerProcess pacer, String taskId) throws Exception {
        return Poll.until(Duration.ofSeconds(10), () -> "a sandbox for " + taskId + " under " + pacer.workDir(),
                () -> pacer.sandboxFile("stdout", taskId)).getParent();
    }

    private static List<String> executors(Path workDir) {
        return LeftoverProcesses.under(workDir).stream().filter(p -> p.contains("pacer-executor.jar")).toList();
    }

    private static void awaitExit(long pid, Duration within) throws Exception {
        Poll.until(within, () -> "process " + pid + " to end",
                () -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? Optional.empty() : Optional.of(pid));
    }

    /** The lines of Pacer's log after its first {@code from} characters that contain {@code text}, once there is one. */
    private static List<String> awaitLogLines(Path log, int from, String text, Duration within) throws Exception {
        return Poll.until(within, () -> "\"" + text + "\" in Pacer's log:\n" + Files.readString(log).substring(from), () -> {
            List<String> lines = Files.readString(log).substring(from).lines().filter(l -> l.contains(text)).toList();
            return lines.isEmpty() ? Optional.empty() : Optional.of(lines);
        });
    }
}
