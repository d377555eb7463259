package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.launch.LaunchDelays;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pacer.scheduler.task.ExecutorUsagePoller;
import io.pacer.scheduler.task.TaskFailure;
import io.pacer.scheduler.task.TaskRecord;
import java.util.List;
import io.pacer.scheduler.task.TaskRepository;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The apps resource over real HTTP, on a real store. */
class AppsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    private static final Duration USAGE_PERIOD = Duration.ofMillis(100);
    private static final String USAGE = "{\"timestamp\":1764057600.25,\"isolated\":true,\"cpus_limit\":0.1,"
            + "\"mem_limit_bytes\":33554432,\"cpus_user_time_secs\":1.2,\"cpus_system_time_secs\":0.3,\"mem_rss_bytes\":1234567,"
            + "\"mem_total_bytes\":2345678,\"cpus_nr_periods\":10,\"cpus_nr_throttled\":3,\"cpus_throttled_time_secs\":0.5}";
    /** An executor's GET /health: web.1 runs, web.2's workload has not started yet (no usage). */
    private static final byte[] HEALTH = ("{\"executorId\":\"web.cfg\",\"frameworkId\":\"fw-1\",\"startedAt\":\"2026-11-25T10:00:00Z\","
            + "\"tasks\":[{\"id\":\"web.1\",\"state\":\"TASK_RUNNING\",\"healthy\":true,\"usage\":" + USAGE + "},"
            + "{\"id\":\"web.2\",\"state\":\"TASK_STARTING\"}]}").getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path workDir;
    private final HttpClient http = HttpClient.newHttpClient();
    private ApiFixture api;
    private RecordingScheduler scheduler;
    private java.util.concurrent.atomic.AtomicInteger changes;
    private TaskRepository tasks;
    private ExecutorUsagePoller usage;
    private io.pacer.scheduler.events.EventBus events;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(workDir, CLOCK, USAGE_PERIOD);
        scheduler = api.scheduler;
        changes = scheduler.changes;
        tasks = api.tasks;
        usage = api.usage;
        events = api.events;
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void createsAnAppAndAnswersItWithItsLocation() throws Exception {
        HttpResponse<String> created = send("POST", "/v2/apps", "{\"id\": \"/prod/web\", \"cmd\": \"sleep 100\", \"instances\": 2}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/v2/apps/prod/web");
        assertThat(created.headers().firstValue("Marathon-Deployment-Id")).isPresent();
        JsonNode app = JSON.readTree(created.body());
        assertThat(app.get("id").asText()).isEqualTo("/prod/web");
        assertThat(app.get("instances").asInt()).isEqualTo(2);
        assertThat(app.get("mem").asDouble()).isEqualTo(128.0);
        assertThat(app.get("version").asText()).as("three fraction digits, as Marathon").isEqualTo("2026-11-25T10:00:00.000Z");
        assertThat(app.get("deployments").get(0).get("id").asText()).isEqualTo(created.headers().firstValue("Marathon-Deployment-Id").get());

        JsonNode shown = JSON.readTree(send("GET", "/v2/apps/prod/web", null).body());
        assertThat(shown.get("app").get("cmd").asText()).isEqualTo("sleep 100");
        assertThat(changes).as("the scheduler is told at once").hasValue(1);
        JsonNode listed = JSON.readTree(send("GET", "/v2/apps", null).body());
        assertThat(listed.get("apps")).hasSize(1);
    }

    @Test
    void aSecondAppWithTheSameIdIsAConflict() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"a\"}");
        HttpResponse<String> again = send("POST", "/v2/apps", "{\"id\": \"web\", \"cmd\": \"b\"}");

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).get("message").asText()).isEqualTo("An app with id [/web] already exists.");
        assertThat(JSON.readTree(send("GET", "/v2/apps/web", null).body()).get("app").get("cmd").asText()).isEqualTo("a");
    }

    @Test
    void upgradeStrategyIsValidatedWithItsPathAndEchoed() throws Exception {
        HttpResponse<String> refused = send("POST", "/v2/apps",
                "{\"id\": \"/web\", \"cmd\": \"x\", \"upgradeStrategy\": {\"minimumHealthCapacity\": 2}}");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(refused.body()).get("details").findValuesAsText("path"))
                .containsExactly("/upgradeStrategy/minimumHealthCapacity");

        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"x\", \"upgradeStrategy\": {\"maximumOverCapacity\": 0.25}}");
        JsonNode strategy = JSON.readTree(send("GET", "/v2/apps/web", null).body()).get("app").get("upgradeStrategy");
        assertThat(strategy.get("minimumHealthCapacity").asDouble()).isEqualTo(1.0);
        assertThat(strategy.get("maximumOverCapacity").asDouble()).isEqualTo(0.25);
    }

    @Test
    void aPutWithABadReadinessCheckIsRefusedWithEveryPathAndChangesNothing() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"x\", \"portDefinitions\": [{\"port\": 0, \"name\": \"http\"}]}");
        JsonNode before = JSON.readTree(send("GET", "/v2/apps/web", null).body()).get("app");

        HttpResponse<String> refused = send("PUT", "/v2/apps/web", "{\"cmd\": \"y\", \"readinessChecks\": [{\"portName\": \"http-api\","
                + " \"timeoutSeconds\": 30}]}");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(refused.body()).get("details").findValuesAsText("path"))
                .containsExactlyInAnyOrder("/readinessChecks(0)/portName", "/readinessChecks(0)/timeoutSeconds");
        assertThat(JSON.readTree(send("GET", "/v2/apps/web", null).body()).get("app")).isEqualTo(before);
    }

    @Test
    void anInvalidAppIsRefusedWithEveryProblemAndNothingIsStored() throws Exception {
        HttpResponse<String> refused = send("POST", "/v2/apps",
                "{\"id\": \"/web\", \"cmd\": \"x\", \"cpus\": -1, \"healthChecks\": [{\"portIndex\": 3}], \"colour\": \"red\"}");

        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("message").asText()).isEqualTo("Object is not valid");
        assertThat(body.get("details").findValuesAsText("path")).containsExactlyInAnyOrder("/cpus", "/healthChecks(0)/portIndex", "/colour");
        assertThat(JSON.readTree(send("GET", "/v2/apps", null).body()).get("apps")).isEmpty();
        assertThat(changes).as("the scheduler is not told of a refused change").hasValue(0);
    }

    @Test
    void aDockerAppNeedsNoCommandAndKeepsItsContainer() throws Exception {
        HttpResponse<String> created = send("POST", "/v2/apps", "{\"id\": \"/web\", "
                + "\"container\": {\"type\": \"DOCKER\", \"docker\": {\"image\": \"pacer-test/busybox\", \"network\": \"BRIDGE\","
                + " \"portMappings\": [{\"containerPort\": 80}]}}}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode docker = JSON.readTree(send("GET", "/v2/apps/web", null).body()).get("app").get("container").get("docker");
        assertThat(docker.get("image").asText()).isEqualTo("pacer-test/busybox");
        assertThat(docker.get("network").asText()).isEqualTo("BRIDGE");
        assertThat(changes).hasValue(1);
    }

    @Test
    void malformedJsonIsA400WithThePosition() throws Exception {
        HttpResponse<String> refused = send("POST", "/v2/apps", "{\"id\": \"/web\",\n \"cmd\": }");

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("message").asText()).isEqualTo("Invalid JSON");
        assertThat(body.get("details").asText()).contains("line 2, column");
    }

    @Test
    void aRequestOverTheSizeLimitIsA413() throws Exception {
        String huge = "{\"id\": \"/web\", \"cmd\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertThat(send("POST", "/v2/apps", huge).statusCode()).isEqualTo(413);
    }

    @Test
    void patchChangesOnlyTheFieldsGiven() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"labels\": {\"team\": \"a\"}}");
        api.finishDeployments();

        HttpResponse<String> patched = send("PATCH", "/v2/apps/web", "{\"instances\": 5}");

        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(patched.body()).get("deploymentId").asText()).isNotEmpty();
        JsonNode app = JSON.readTree(send("GET", "/v2/apps/web", null).body()).get("app");
        assertThat(app.get("instances").asInt()).isEqualTo(5);
        assertThat(app.get("cmd").asText()).isEqualTo("serve");
        assertThat(app.get("labels").get("team").asText()).isEqualTo("a");
        assertThat(send("PATCH", "/v2/apps/nothing", "{\"instances\": 1}").statusCode()).isEqualTo(404);
    }

    @Test
    void putCreatesOrUpdatesAndAFullReplaceMustBeComplete() throws Exception {
        assertThat(send("PUT", "/v2/apps/web", "{\"cmd\": \"serve\"}").statusCode()).isEqualTo(201);
        api.finishDeployments();
        assertThat(send("PUT", "/v2/apps/web", "{\"instances\": 3}").statusCode()).isEqualTo(200);
        HttpResponse<String> incomplete = send("PUT", "/v2/apps/web?partialUpdate=false", "{\"instances\": 3}");
        assertThat(incomplete.statusCode()).isEqualTo(422);
        JsonNode app = JSON.readTree(send("GET", "/v2/apps/web", null).body()).get("app");
        assertThat(app.get("instances").asInt()).isEqualTo(3);
        assertThat(app.get("cmd").asText()).isEqualTo("serve");
    }

    @Test
    void deleteRemovesTheApp() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\"}");
        api.finishDeployments();
        assertThat(send("DELETE", "/v2/apps/web", null).statusCode()).isEqualTo(200);
        HttpResponse<String> gone = send("GET", "/v2/apps/web", null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).get("message").asText()).isEqualTo("App '/web' does not exist");
        assertThat(send("DELETE", "/v2/apps/web", null).statusCode()).isEqualTo(404);
    }

    @Test
    void listsFilterByIdAndLabel() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/prod/web\", \"cmd\": \"x\", \"labels\": {\"team\": \"shop\"}}");
        send("POST", "/v2/apps", "{\"id\": \"/prod/db\", \"cmd\": \"x\", \"labels\": {\"team\": \"data\"}}");
        send("POST", "/v2/apps", "{\"id\": \"/dev/web\", \"cmd\": \"x\"}");

        assertThat(ids("/v2/apps?id=prod")).containsExactly("/prod/db", "/prod/web");
        assertThat(ids("/v2/apps?label=team==shop")).containsExactly("/prod/web");
        assertThat(ids("/v2/apps?label=team")).containsExactly("/prod/db", "/prod/web");
        assertThat(ids("/v2/apps?label=team!=shop")).containsExactly("/dev/web", "/prod/db");
    }

    @Test
    void theListWithoutEmbedsIsTheSameJsonAsTheAppsShownOneByOneAndFollowsChanges() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/prod/web\", \"cmd\": \"x\", \"labels\": {\"team\": \"shop\"}, \"instances\": 2}");
        send("POST", "/v2/apps", "{\"id\": \"/prod/db\", \"cmd\": \"y\"}");
        assertThat(JSON.readTree(send("GET", "/v2/apps", null).body())).isEqualTo(listedOneByOne());
        api.finishDeployments();

        send("PATCH", "/v2/apps/prod/web", "{\"instances\": 5}");
        send("DELETE", "/v2/apps/prod/db", null);

        JsonNode listed = JSON.readTree(send("GET", "/v2/apps", null).body());
        assertThat(listed).isEqualTo(listedOneByOne());
        assertThat(listed.get("apps").get(0).get("instances").asInt()).isEqualTo(5);

        // the list is kept between changes: a task's change (its health here) shows at once in the counts
        TaskRecord task = running("prod_web.1", true);
        assertThat(JSON.readTree(send("GET", "/v2/apps", null).body()).get("apps").get(0).get("tasksHealthy").asInt()).isEqualTo(1);
        tasks.put(task.withStatus(TaskState.TASK_RUNNING, Optional.of(false), "HTTP 503", Optional.empty(), CLOCK.instant()));
        JsonNode afterTaskChange = JSON.readTree(send("GET", "/v2/apps", null).body());
        assertThat(afterTaskChange).isEqualTo(listedOneByOne());
        assertThat(afterTaskChange.get("apps").get(0).get("tasksUnhealthy").asInt()).isEqualTo(1);
        tasks.remove(task.taskId());
        assertThat(JSON.readTree(send("GET", "/v2/apps", null).body()).get("apps").get(0).get("tasksRunning").asInt()).isZero();
    }

    /** {"apps": [...]} made of each app as GET /v2/apps/{id} shows it, without the embeds only that one adds. */
    private JsonNode listedOneByOne() throws Exception {
        ObjectNode expected = JSON.createObjectNode();
        ArrayNode apps = expected.putArray("apps");
        for (String id : ids("/v2/apps?embed=apps.counts")) {
            ObjectNode app = (ObjectNode) JSON.readTree(send("GET", "/v2/apps" + id, null).body()).get("app");
            app.remove(java.util.List.of("tasks", "lastTaskFailure", "readinessCheckResults"));
            apps.add(app);
        }
        return expected;
    }

    @Test
    void appsSurviveARestart() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 4}");
        stop();
        start();

        JsonNode app = JSON.readTree(send("GET", "/v2/apps/web", null).body()).get("app");
        assertThat(app.get("instances").asInt()).isEqualTo(4);
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        assertThat(send("GET", "/v2/nothing", null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/v2/apps", null).statusCode()).isEqualTo(405);
        assertThat(send("POST", "/v2/tasks", "{}").statusCode()).isEqualTo(405);
        assertThat(send("GET", "/v2/tasks/more", null).statusCode()).isEqualTo(404);
    }

    @Test
    void portDefinitionsOfPortZeroGetUniqueServicePorts() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/a\", \"cmd\": \"x\"}");
        send("POST", "/v2/apps", "{\"id\": \"/b\", \"cmd\": \"x\", \"portDefinitions\": [{\"port\": 0}, {\"port\": 0}]}");
        send("PATCH", "/v2/apps/a", "{\"instances\": 2}");

        assertThat(servicePorts("/v2/apps/a")).containsExactly(10000);
        assertThat(servicePorts("/v2/apps/b")).containsExactly(10001, 10002);
    }

    @Test
    void anAppShowsItsTasksCountsAndLastFailure() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 2}");
        TaskRecord healthy = running("web.1", true);
        running("web.2", false);
        scheduler.lastFailure = Optional.of(new TaskFailure(healthy.withStatus(TaskState.TASK_FAILED, Optional.empty(),
                "Memory limit exceeded: Requested: 32MB Maximum Used: 32MB", Optional.of("REASON_CONTAINER_LIMITATION_MEMORY"),
                CLOCK.instant()), CLOCK.instant()));

        JsonNode app = JSON.readTree(send("GET", "/v2/apps/web", null).body()).get("app");
        JsonNode appTasks = JSON.readTree(send("GET", "/v2/apps/web/tasks", null).body()).get("tasks");

        assertThat(app.get("tasksRunning").asInt()).isEqualTo(2);
        assertThat(app.get("tasksHealthy").asInt()).isEqualTo(1);
        assertThat(app.get("tasksUnhealthy").asInt()).isEqualTo(1);
        assertThat(app.get("tasks")).hasSize(2);
        assertThat(app.get("lastTaskFailure").get("message").asText()).isEqualTo("Memory limit exceeded: Requested: 32MB Maximum Used: 32MB");
        assertThat(app.get("lastTaskFailure").get("reason").asText()).isEqualTo("REASON_CONTAINER_LIMITATION_MEMORY");
        assertThat(appTasks.findValuesAsText("id")).containsExactlyInAnyOrder("web.1", "web.2");
        JsonNode first = appTasks.get(0);
        assertThat(first.get("servicePorts").get(0).asInt()).isEqualTo(10000);
        assertThat(first.get("healthCheckResults").get(0).has("alive")).isTrue();
        assertThat(first.get("slaveId").asText()).isEqualTo("agent-1");
    }

    @Test
    void killingATaskWithScaleShrinksTheAppThroughTheScheduler() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 2}");
        running("web.1", true);

        HttpResponse<String> killed = send("DELETE", "/v2/apps/web/tasks/web.1?scale=true", null);
        HttpResponse<String> unknown = send("DELETE", "/v2/apps/web/tasks/web.9", null);

        assertThat(killed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(killed.body()).has("deploymentId")).isTrue();
        assertThat(scheduler.actions).containsExactly("kill /web [web.1] scale=true");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("message").asText()).isEqualTo("Task 'web.9' does not exist");
    }

    @Test
    void restartGivesANewVersionAndAsksTheScheduler() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\"}");
        api.finishDeployments();
        HttpResponse<String> restarted = send("POST", "/v2/apps/web/restart", null);

        assertThat(restarted.statusCode()).isEqualTo(200);
        assertThat(scheduler.actions).containsExactly("restart /web");
    }

    @Test
    void tasksAreListedAsJsonAndInTheLoadBalancerTextFormat() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/shop/web\", \"cmd\": \"serve\", \"instances\": 2}");
        running("shop_web.1", true);
        running("shop_web.2", true);

        HttpResponse<String> text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/v2/tasks"))
                .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(send("GET", "/v2/tasks?status=running", null).body());

        assertThat(text.body()).isEqualTo("shop_web\t10000\tagent-1.example:31000\tagent-1.example:31000\t\n");
        assertThat(json.get("tasks")).hasSize(2);
        assertThat(JSON.readTree(send("GET", "/v2/tasks?status=staging", null).body()).get("tasks")).isEmpty();
    }

    /**
     * The expectations of Marathon's EndpointsHelperTest (src/test/scala/mesosphere/marathon/api/EndpointsHelperTest.scala):
     * no service ports gives a blank port and hosts only; each service port a line of host:port, each followed by a tab.
     */
    @Test
    void theTextFormatIsMarathonsByteForByte() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/foo\", \"cmd\": \"serve\", \"instances\": 2, \"portDefinitions\": []}");
        send("POST", "/v2/apps", "{\"id\": \"/shop/api\", \"cmd\": \"serve\", \"instances\": 3, "
                + "\"portDefinitions\": [{\"port\": 80}, {\"port\": 0}]}");
        tasks.put(task("foo.1", List.of(), 0));
        tasks.put(task("foo.2", List.of(), 1));
        tasks.put(task("shop_api.1", List.of(1010, 1011), 0));
        tasks.put(task("shop_api.2", List.of(1020, 1021), 1));
        tasks.put(task("shop_api.3", List.of(1030, 1031), 2).withKillRequested());
        tasks.put(TaskRecord.intent("shop_api.4", AppId.parse("/shop/api"), CLOCK.instant(), "cfg", "agent-1", "agent1", List.of(1040, 1041),
                CLOCK.instant()));

        HttpResponse<String> text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/v2/tasks"))
                .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(text.body()).isEqualTo("foo\t \tagent1\tagent2\t\n"
                + "shop_api\t80\tagent1:1010\tagent2:1020\t\n"
                + "shop_api\t10000\tagent1:1011\tagent2:1021\t\n");
    }

    /** A running task on agent{agent+1}, staged {@code agent} seconds after the others before it. */
    private static TaskRecord task(String id, List<Integer> ports, int agent) {
        java.time.Instant staged = CLOCK.instant().plusSeconds(agent);
        return TaskRecord.intent(id, AppId.parse("/" + id.substring(0, id.indexOf('.')).replace('_', '/')), staged, "cfg",
                "agent-" + (agent + 1), "agent" + (agent + 1), ports, staged)
                .withStatus(TaskState.TASK_RUNNING, Optional.empty(), "", Optional.empty(), staged);
    }

    @Test
    void tasksShowTheUsageTheirExecutorReportsUntilItStopsAnswering() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 3}");
        HttpServer executor = executor(exchange -> answer(exchange, HEALTH));
        String endpoint = "http://127.0.0.1:" + executor.getAddress().getPort();
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            tasks.put(running("web.3", true).withExecutorEndpoint("http://127.0.0.1:" + closed.getLocalPort()));
        } // closed: its port refuses connections
        tasks.put(running("web.1", true).withExecutorEndpoint(endpoint));
        tasks.put(running("web.2", true).withExecutorEndpoint(endpoint));

        JsonNode usageShown = awaitUsage("web.1", true);

        assertThat(usageShown).isEqualTo(JSON.readTree(USAGE));
        JsonNode appTasks = JSON.readTree(send("GET", "/v2/apps/web/tasks", null).body()).get("tasks");
        assertThat(appTasks).filteredOn(t -> t.has("resourceUsage")).extracting(t -> t.get("id").asText())
                .as("web.2 has no usage yet, web.3's executor refuses connections").containsExactly("web.1");
        assertThat(JSON.readTree(send("GET", "/v2/tasks", null).body()).get("tasks").findValues("resourceUsage"))
                .containsExactly(usageShown);
        assertThat(JSON.readTree(send("GET", "/v2/apps/web", null).body()).get("app").get("tasks").findValues("resourceUsage"))
                .containsExactly(usageShown);
        assertThat(JSON.readTree(send("GET", "/v2/apps?embed=apps.tasks", null).body()).get("apps").get(0).get("tasks")
                .findValues("resourceUsage")).containsExactly(usageShown);

        executor.stop(0);
        awaitUsage("web.1", false);
    }

    @Test
    void aSlowExecutorGetsOneRequestForAllItsTasksAndHoldsUpNothing() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 2}");
        var asked = new java.util.concurrent.atomic.AtomicInteger();
        var release = new java.util.concurrent.CountDownLatch(1);
        HttpServer executor = executor(exchange -> {
            asked.incrementAndGet();
            try {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, HEALTH);
        });
        String endpoint = "http://127.0.0.1:" + executor.getAddress().getPort();
        tasks.put(running("web.1", true).withExecutorEndpoint(endpoint));
        tasks.put(running("web.2", true).withExecutorEndpoint(endpoint));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (asked.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        long before = System.nanoTime();
        HttpResponse<String> listed = send("GET", "/v2/apps/web/tasks", null);
        Duration took = Duration.ofNanos(System.nanoTime() - before);
        Thread.sleep(5 * USAGE_PERIOD.toMillis());

        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(took).as("the API never waits for an executor").isLessThan(Duration.ofMillis(1500));
        assertThat(JSON.readTree(listed.body()).findValues("resourceUsage")).isEmpty();
        assertThat(asked).as("one request for both tasks, and no other while it is unanswered (under the 2 s timeout)").hasValue(1);
        release.countDown();
        awaitUsage("web.1", true);

        usage.close();
        int afterClose = asked.get();
        Thread.sleep(5 * USAGE_PERIOD.toMillis());
        assertThat(asked).as("closed: no more requests").hasValue(afterClose);
        executor.stop(0);
    }

    @Test
    void theQueueShowsWaitingAppsAndTheirDelayWhichCanBeReset() throws Exception {
        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 3}");
        running("web.1", true);
        scheduler.delay = Optional.of(new LaunchDelays.Delay("cfg", 2, CLOCK.instant().plusSeconds(4)));

        JsonNode queue = JSON.readTree(send("GET", "/v2/queue", null).body()).get("queue");
        HttpResponse<String> reset = send("DELETE", "/v2/queue/web/delay", null);

        assertThat(queue).hasSize(1);
        assertThat(queue.get(0).get("count").asInt()).isEqualTo(2);
        assertThat(queue.get(0).get("delay").get("timeLeftSeconds").asInt()).isEqualTo(4);
        assertThat(queue.get(0).get("delay").get("overdue").asBoolean()).isFalse();
        assertThat(reset.statusCode()).isEqualTo(204);
        assertThat(scheduler.actions).containsExactly("reset /web");
        assertThat(send("DELETE", "/v2/queue/nothing/delay", null).statusCode()).isEqualTo(404);
    }

    @Test
    void theEventStreamStartsAttachedThenCarriesApiEventsInOrder() throws Exception {
        var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
        HttpResponse<java.util.stream.Stream<String>> stream = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.port() + "/v2/events")).build(), HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> readEventLines(stream, lines));
        reader.setDaemon(true);
        reader.start();
        assertThat(lines.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("event: event_stream_attached");
        assertThat(stream.headers().firstValue("Content-Type")).contains("text/event-stream");

        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\"}");
        api.finishDeployments();
        send("DELETE", "/v2/apps/web", null);

        assertThat(lines.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("event: api_post_event");
        assertThat(lines.poll(10, java.util.concurrent.TimeUnit.SECONDS)).as("the create's deployment").isEqualTo("event: deployment_info");
        assertThat(lines.poll(10, java.util.concurrent.TimeUnit.SECONDS)).as("the root changed").isEqualTo("event: group_change_success");
        assertThat(lines.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("event: app_terminated_event");
        assertThat(lines.poll(10, java.util.concurrent.TimeUnit.SECONDS)).as("the delete's deployment").isEqualTo("event: deployment_info");
        assertThat(lines.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("event: group_change_success");
        assertThat(events.subscriberCount()).isEqualTo(1);
    }

    @Test
    void anEventStreamCanKeepOnlySomeTypes() throws Exception {
        var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
        HttpResponse<java.util.stream.Stream<String>> stream = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.port() + "/v2/events?event_type=app_terminated_event")).build(),
                HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> readEventLines(stream, lines));
        reader.setDaemon(true);
        reader.start();
        assertThat(lines.poll(10, java.util.concurrent.TimeUnit.SECONDS)).as("the handshake always comes").isEqualTo("event: event_stream_attached");

        send("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\"}");
        api.finishDeployments();
        send("DELETE", "/v2/apps/web", null);

        assertThat(lines.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("event: app_terminated_event");
        assertThat(lines).isEmpty();
    }

    /** Collects "event:" lines until the stream ends; the server closing it at teardown is the expected end. */
    private static void readEventLines(HttpResponse<java.util.stream.Stream<String>> stream, java.util.Queue<String> lines) {
        try {
            stream.body().filter(l -> l.startsWith("event: ")).forEach(lines::add);
        } catch (java.io.UncheckedIOException endOfStream) {
            // the test is over
        }
    }

    private TaskRecord running(String id, boolean healthy) {
        TaskRecord task = TaskRecord.intent(id, AppId.parse(id.substring(0, id.indexOf('.')).replace('_', '/')), CLOCK.instant(),
                "cfg", "agent-1", "agent-1.example", java.util.List.of(31000), CLOCK.instant())
                .withStatus(TaskState.TASK_RUNNING, Optional.of(healthy), healthy ? "" : "HTTP 503", Optional.empty(), CLOCK.instant());
        tasks.put(task);
        return task;
    }

    /** A stand-in for a Pacer executor's endpoint, on a free port; its handler may block without holding up others. */
    private static HttpServer executor(com.sun.net.httpserver.HttpHandler health) throws IOException {
        HttpServer executor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor.createContext("/health", health);
        executor.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-executor-endpoint");
            t.setDaemon(true);
            return t;
        }));
        executor.start();
        return executor;
    }

    private static void answer(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The task's resourceUsage once it is there (or, with {@code present} false, gone), within 5 s. */
    private JsonNode awaitUsage(String taskId, boolean present) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            JsonNode shown = null;
            for (JsonNode t : JSON.readTree(send("GET", "/v2/apps/web/tasks", null).body()).get("tasks")) {
                if (t.get("id").asText().equals(taskId)) {
                    shown = t.get("resourceUsage");
                }
            }
            if ((shown != null) == present) {
                return shown;
            }
            assertThat(System.nanoTime()).as(taskId + (present ? " shows its usage" : " loses its usage")).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private java.util.List<Integer> servicePorts(String path) throws Exception {
        java.util.List<Integer> ports = new java.util.ArrayList<>();
        JSON.readTree(send("GET", path, null).body()).get("app").get("portDefinitions").forEach(p -> ports.add(p.get("port").asInt()));
        return ports;
    }

    private java.util.List<String> ids(String path) throws Exception {
        // the apps' own ids: an app being deployed also names its deployment's id
        return java.util.stream.StreamSupport.stream(JSON.readTree(send("GET", path, null).body()).get("apps").spliterator(), false)
                .map(app -> app.get("id").asText()).sorted().toList();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return api.send(method, path, body);
    }
}
