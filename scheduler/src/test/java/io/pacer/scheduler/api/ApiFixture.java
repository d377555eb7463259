package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.group.GroupRepository;
import io.pacer.scheduler.events.EventBus;
import io.pacer.scheduler.store.DurableStore;
import io.pacer.scheduler.task.ExecutorEndpointSecrets;
import io.pacer.scheduler.task.ExecutorUsagePoller;
import io.pacer.scheduler.task.TaskRecord;
import io.pacer.scheduler.task.TaskRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * The Marathon resources on a real API server over a real store, with a scheduler that records what it is asked; for
 * tests that speak HTTP to them.
 */
final class ApiFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** On a whole second and a few millis past it, so that a timestamp's three fraction digits show. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00.070Z"), ZoneOffset.UTC);

    final RecordingScheduler scheduler = new RecordingScheduler();
    final EventBus events = new EventBus();
    final AppRepository apps;
    final TaskRepository tasks;
    final DeploymentRepository deployments;
    final GroupRepository groups;
    final ExecutorUsagePoller usage;
    /** The same key a Pacer on this state keeps: a stand-in executor can ask for what Pacer sends. */
    final ExecutorEndpointSecrets executorSecrets;
    private final ApiServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Usage is polled every minute: never, in a test. */
    ApiFixture(Path workDir) throws InterruptedException {
        this(workDir, CLOCK, Duration.ofSeconds(60));
    }

    /** On the store in {@code workDir} (a second fixture on it finds what the first stored), polling usage every {@code usagePeriod}. */
    ApiFixture(Path workDir, Clock clock, Duration usagePeriod) throws InterruptedException {
        DurableStore store = new DurableStore(workDir.resolve("state"));
        apps = new AppRepository(store, AppRepository.DEFAULT_MAX_VERSIONS);
        tasks = new TaskRepository(store);
        deployments = new DeploymentRepository(store);
        groups = new GroupRepository(store, apps, AppRepository.DEFAULT_MAX_VERSIONS);
        executorSecrets = ExecutorEndpointSecrets.loadOrCreate(store);
        usage = new ExecutorUsagePoller(tasks, executorSecrets, usagePeriod);
        usage.start();
        server = ApiServer.start("127.0.0.1", 0, 1024 * 1024, 0, Map.of(
                AppsResource.PREFIX, new AppsResource(apps, groups, tasks, scheduler, usage, events, clock, deployments),
                GroupsResource.PREFIX, new GroupsResource(groups, apps, tasks, scheduler, usage, events, clock, deployments),
                DeploymentsResource.PREFIX, new DeploymentsResource(deployments, scheduler, apps, groups, tasks, events, clock),
                EventsResource.PREFIX, new EventsResource(events, clock).route(),
                TasksResource.PREFIX, new TasksResource(apps, tasks, scheduler, usage, executorSecrets, clock).route(),
                QueueResource.PREFIX, new QueueResource(apps, tasks, scheduler, clock, deployments),
                LeaderResource.PREFIX, new LeaderResource(Leadership.sole("pacer.example:8080"), request -> null).route()), null);
    }

    int port() {
        return server.port();
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String method, String path, String body) throws Exception {
        return JSON.readTree(send(method, path, body).body());
    }

    /** A running task of the app its id names ({@code shop_web.1} is of /shop/web) on agent host {@code host}. */
    TaskRecord running(String id, String host) {
        AppId app = AppId.parse(id.substring(0, id.indexOf('.')).replace('_', '/'));
        TaskRecord task = TaskRecord.intent(id, app, CLOCK.instant(), "cfg", "agent-" + host, host, List.of(31000), CLOCK.instant())
                .withStatus(TaskState.TASK_RUNNING, Optional.empty(), "", Optional.empty(), CLOCK.instant());
        tasks.put(task);
        return task;
    }

    /** What the scheduler does once every app has reached its target: the deployments end, the apps are unlocked. */
    void finishDeployments() {
        deployments.all().forEach(deployments::remove);
    }

    @Override
    public void close() {
        server.close();
        usage.close();
    }
}
