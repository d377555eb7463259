package io.pacer.scheduler.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppJsonReader;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.deploy.AppChange;
import io.pacer.scheduler.deploy.Deployment;
import io.pacer.scheduler.deploy.DeploymentAction;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.events.EventBus;
import io.pacer.scheduler.store.DurableStore;
import io.pacer.scheduler.task.TaskRecord;
import io.pacer.scheduler.task.TaskRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart deployment run by the real {@link FrameworkScheduler} over a real store, Mesos played one event at a
 * time: after every launch, status and kill the bounds of the app's upgradeStrategy hold; the deployment is removed
 * with deployment_success at the end; a scheduler rebuilt from the store mid-way finishes it.
 */
class DeploymentRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FrameworkID FW = FrameworkID.newBuilder().setValue("fw-1").build();
    private static final ExecutorSettings EXECUTOR = new ExecutorSettings("http://pacer/executor.jar", Optional.empty(), 0.1, 32,
            Duration.ofSeconds(5), java.util.Map.of());
    private static final AppId WEB = AppId.parse("/web");

    @TempDir
    Path dir;
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    private final List<Call> calls = new ArrayList<>();
    private final EventBus events = new EventBus();
    private final List<ObjectNode> published = new ArrayList<>();
    private DurableStore store;
    private AppRepository apps;
    private TaskRepository tasks;
    private DeploymentRepository deployments;
    private FrameworkScheduler scheduler;
    /** Calls already played back as Mesos would answer them. */
    private int played;

    @BeforeEach
    void start() {
        events.subscribe(published::add);
        reopen();
    }

    @Test
    void aRestartOfFourWithHalfHealthAndAQuarterOverNeverCrossesEitherBound() {
        List<String> old = runningApp(0.5, 0.25);

        restart();
        int maxRunning = 0;
        int minHealthy = Integer.MAX_VALUE;
        for (int step = 0; step < 200 && deployments.of(WEB).isPresent(); step++) {
            playOneEvent();
            maxRunning = Math.max(maxRunning, tasks.of(WEB).size());
            minHealthy = Math.min(minHealthy, healthy());
            assertThat(tasks.of(WEB).size()).as("running ≤ floor(1.25 × 4)").isLessThanOrEqualTo(5);
            assertThat(healthy()).as("healthy ≥ ceil(0.5 × 4)").isGreaterThanOrEqualTo(2);
        }

        assertThat(deployments.of(WEB)).as("finished").isEmpty();
        assertThat(tasks.of(WEB)).hasSize(4).extracting(TaskRecord::taskId).doesNotContainAnyElementsOf(old);
        assertThat(maxRunning).as("the over-capacity is used").isEqualTo(5);
        assertThat(minHealthy).as("the minimum is used").isEqualTo(2);
        assertThat(published).extracting(e -> e.get("eventType").asText()).contains("deployment_success");
    }

    @Test
    void aSchedulerRebuiltFromTheStoreMidRestartReplacesTheOldTasksItNeverSawNamed() {
        List<String> old = runningApp(1, 1);
        restart();
        scheduler.offers(List.of(OfferResourcesTest.offer("a", 8, 8192, 31000, 31100)));
        List<String> fresh = launchedSince(0).stream().filter(t -> !old.contains(t)).toList();
        assertThat(fresh).hasSize(4);

        reopen(); // as after kill -9: only the store is left
        scheduler.subscribed(FW);
        scheduler.offers(List.of(OfferResourcesTest.offer("a", 8, 8192, 31000, 31100)));
        fresh.forEach(t -> scheduler.update(running(t)));

        assertThat(killed()).as("the old tasks, and only they, are replaced").containsExactlyInAnyOrderElementsOf(old);
        assertThat(launchedSince(0)).as("no task of the new version is launched again").hasSize(8);
        old.forEach(t -> scheduler.update(status(t, TaskState.TASK_KILLED)));
        assertThat(deployments.of(WEB)).isEmpty();
    }

    @Test
    void progressIsStoredAsOldTasksEnd() {
        List<String> old = runningApp(0, 1);
        restart();
        String ended = killed().get(0);

        scheduler.update(status(ended, TaskState.TASK_KILLED));

        Deployment stored = new DeploymentRepository(store).of(WEB).orElseThrow();
        assertThat(stored.changeOf(WEB).orElseThrow().oldTaskIds()).doesNotContain(ended).containsAll(old.stream().filter(t -> !t.equals(ended)).toList());
    }

    @Test
    void aNewTaskReplacesAnOldOneOnlyOnceItsExecutorReportsItReady() {
        List<String> old = runningApp(1, 1, ", \"portDefinitions\": [{\"port\": 0, \"name\": \"http-api\"}],"
                + " \"readinessChecks\": [{\"path\": \"/ready\", \"intervalSeconds\": 2, \"timeoutSeconds\": 1}]");
        old.forEach(t -> scheduler.update(readiness(t, true)));
        restart();
        scheduler.offers(List.of(OfferResourcesTest.offer("a", 8, 8192, 31000, 31100)));
        List<String> fresh = launchedSince(0).stream().filter(t -> !old.contains(t)).toList();
        assertThat(fresh).hasSize(4);

        fresh.forEach(t -> scheduler.update(running(t)));
        fresh.forEach(t -> scheduler.update(readiness(t, false)));
        assertThat(killed()).as("running and healthy, not ready: no old task goes").isEmpty();
        assertThat(tasks.get(fresh.get(0)).orElseThrow().readiness().get(0).lastResponse())
                .contains(new io.pacer.scheduler.task.ReadinessResult.LastResponse(503, "text/plain", "warming"));

        scheduler.update(readiness(fresh.get(0), true));
        assertThat(killed()).as("one new task ready: one old task goes").hasSize(1);
        fresh.subList(1, 4).forEach(t -> scheduler.update(readiness(t, true)));
        assertThat(killed()).containsExactlyInAnyOrderElementsOf(old);
        old.forEach(t -> scheduler.update(status(t, TaskState.TASK_KILLED)));
        assertThat(deployments.of(WEB)).as("done once every new task is ready").isEmpty();
    }

    @Test
    void anUpdateThatAddsAHealthCheckKeepsTheOldUncheckedTasksUntilNewOnesAreHealthy() throws Exception {
        apps.put(AppJsonReader.read(JSON.readTree("{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 2}"),
                Optional.empty(), clock.instant()));
        scheduler.subscribed(FW);
        scheduler.offers(List.of(OfferResourcesTest.offer("a", 8, 8192, 31000, 31100)));
        List<String> old = launchedSince(0);
        old.forEach(t -> scheduler.update(status(t, TaskState.TASK_RUNNING)));
        int before = calls.size();

        apps.put(AppJsonReader.read(JSON.readTree("{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 2,"
                + " \"healthChecks\": [{\"protocol\": \"HTTP\"}]}"), Optional.empty(), clock.instant().plusSeconds(1)));
        scheduler.tick();
        scheduler.offers(List.of(OfferResourcesTest.offer("a", 8, 8192, 31000, 31100)));
        List<String> fresh = launchedSince(before);
        assertThat(fresh).hasSize(2);
        fresh.forEach(t -> scheduler.update(status(t, TaskState.TASK_RUNNING)));
        assertThat(killed()).as("old tasks launched without checks serve; new ones not healthy yet do not").isEmpty();

        scheduler.update(running(fresh.get(0)));
        assertThat(killed()).as("one new task healthy: one old task goes").hasSize(1);
        scheduler.update(running(fresh.get(1)));
        assertThat(killed()).containsExactlyInAnyOrderElementsOf(old);
    }

    @Test
    void anOfferDeclinedWhileAReplacementWaitsOutABackoffComesBackSoon() {
        runningApp(1, 1);
        restart();
        scheduler.offers(List.of(OfferResourcesTest.offer("a", 8, 8192, 31000, 31100)));
        List<String> fresh = launchedSince(played);
        assertThat(fresh).hasSize(4);
        fresh.forEach(t -> scheduler.update(status(t, TaskState.TASK_FAILED))); // the new version fails: backoff
        int before = calls.size();

        scheduler.offers(List.of(OfferResourcesTest.offer("a", 8, 8192, 31000, 31100)));

        Call declined = calls.subList(before, calls.size()).stream().filter(c -> c.getType() == Call.Type.DECLINE).findFirst().orElseThrow();
        assertThat(declined.getDecline().getFilters().getRefuseSeconds())
                .as("the old tasks still run as many as asked for, yet the app waits: a short filter").isEqualTo(1.0);
    }

    @Test
    void aCreatesDeploymentWaitsForItsAppAndIsDroppedByARestartWhenTheAppNeverCame() {
        scheduler.subscribed(FW);
        Deployment create = new Deployment(UUID.randomUUID().toString(), clock.instant(), clock.instant(),
                List.of(new AppChange(WEB, DeploymentAction.StartApplication, 1, Set.of(), Optional.empty(), false)));
        deployments.put(create);

        scheduler.tick(); // between the API storing the deployment and storing the app

        assertThat(deployments.of(WEB)).as("not taken for a removed app's finished stop").contains(create);
        reopen(); // a crash cut the create there: its POST was never answered
        assertThat(deployments.of(WEB)).isEmpty();
    }

    @Test
    void aLaterStepLaunchesNothingUntilEveryAppOfTheStepBeforeServesEvenAcrossARestartOfPacer() {
        AppDefinition db = app("{\"id\": \"/db\", \"cmd\": \"db\", \"healthChecks\": [{\"protocol\": \"HTTP\"}]}");
        AppDefinition web = app("{\"id\": \"/web\", \"cmd\": \"serve\"}");
        deployments.put(new Deployment("plan", clock.instant(), clock.instant(), List.of(
                new AppChange(db.id(), DeploymentAction.ScaleApplication, 1, Set.of(), Optional.empty(), false),
                new AppChange(WEB, DeploymentAction.ScaleApplication, 2, Set.of(), Optional.empty(), false))));
        apps.put(db);
        apps.put(web);
        scheduler.subscribed(FW);

        scheduler.offers(List.of(OfferResourcesTest.offer("a", 8, 8192, 31000, 31100)));
        List<String> first = launchedSince(0);
        assertThat(first).as("step 1 only").hasSize(1).allMatch(t -> t.startsWith("db."));
        reopen(); // as after kill -9, in the middle of step 1
        scheduler.subscribed(FW);
        scheduler.offers(List.of(OfferResourcesTest.offer("a", 8, 8192, 31000, 31100)));
        assertThat(launchedSince(0)).as("still step 1").hasSize(1);
        scheduler.update(status(first.get(0), TaskState.TASK_RUNNING));
        assertThat(deployments.get("plan").orElseThrow().currentStep()).as("running is not serving: unhealthy yet").isEqualTo(1);

        int beforeHealthy = calls.size();
        scheduler.update(running(first.get(0)));

        assertThat(deployments.get("plan").orElseThrow().currentStep()).isEqualTo(2);
        assertThat(calls.subList(beforeHealthy, calls.size())).as("offers are asked for at once")
                .anyMatch(c -> c.getType() == Call.Type.REVIVE);
        assertThat(published).extracting(e -> e.get("eventType").asText()).containsSubsequence("deployment_step_success", "deployment_info");
        scheduler.offers(List.of(OfferResourcesTest.offer("a", 8, 8192, 31000, 31100)));
        List<String> second = launchedSince(beforeHealthy);
        assertThat(second).hasSize(1).allMatch(t -> t.startsWith("web."));
        scheduler.update(running(second.get(0)));
        assertThat(deployments.get("plan")).as("done").isEmpty();
        assertThat(published).extracting(e -> e.get("eventType").asText()).endsWith("deployment_step_success", "deployment_success");
    }

    @Test
    void anAppWhoseStepHasNotBegunRunsAsItWasUntilThenARemovalIncluded() {
        List<String> oldWeb = runningApp(1, 0);
        AppDefinition web = apps.get(WEB).orElseThrow();
        AppDefinition worker = apps.put(app("{\"id\": \"/worker\", \"cmd\": \"work\"}")); // as stored: service ports given
        AppDefinition newWeb = app("{\"id\": \"/web\", \"cmd\": \"serve --v2\", \"instances\": 4,"
                + " \"healthChecks\": [{\"protocol\": \"HTTP\"}]}");
        scheduler.offers(List.of(OfferResourcesTest.offer("a", 8, 8192, 31000, 31100)));
        String oldWorker = launchedSince(played).get(0);
        scheduler.update(running(oldWorker));
        // step 1 replaces /web, step 2 removes /worker
        deployments.put(new Deployment("plan", newWeb.version(), clock.instant(), List.of(
                new AppChange(WEB, DeploymentAction.RestartApplication, 1, Set.of(), Optional.of(web), false),
                new AppChange(worker.id(), DeploymentAction.StopApplication, 2, Set.of(), Optional.of(worker), false))));
        apps.put(newWeb);
        apps.delete(worker.id());
        scheduler.tick();

        assertThat(killed()).as("the removed app's step has not begun").doesNotContain(oldWorker);
        for (int step = 0; step < 200 && !killed().containsAll(oldWeb); step++) {
            playOneEvent();
            assertThat(killed()).doesNotContain(oldWorker);
        }
        assertThat(launchedSince(0)).as("nothing of the held app is replaced").filteredOn(t -> t.startsWith("worker.")).hasSize(1);
        for (int step = 0; step < 50 && !killed().contains(oldWorker); step++) {
            playOneEvent();
        }
        assertThat(killed()).as("step 2 begins once /web is replaced").contains(oldWorker);
    }

    // ---- helpers ----

    /** Four healthy tasks of /web with the given strategy, and an HTTP health check. */
    private List<String> runningApp(double minimumHealth, double maximumOver) {
        return runningApp(minimumHealth, maximumOver, "");
    }

    /** The same with more fields of the app ({@code , "name": value}). */
    private List<String> runningApp(double minimumHealth, double maximumOver, String moreFields) {
        String json = "{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 4, \"healthChecks\": [{\"protocol\": \"HTTP\"}],"
                + " \"upgradeStrategy\": {\"minimumHealthCapacity\": " + minimumHealth + ", \"maximumOverCapacity\": " + maximumOver + "}"
                + moreFields + "}";
        apps.put(app(json));
        scheduler.subscribed(FW);
        scheduler.offers(List.of(OfferResourcesTest.offer("a", 8, 8192, 31000, 31100)));
        List<String> old = launchedSince(0);
        old.forEach(t -> scheduler.update(running(t)));
        played = calls.size();
        return old;
    }

    private AppDefinition app(String json) {
        try {
            return AppJsonReader.read(JSON.readTree(json), Optional.empty(), clock.instant());
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** What the API does for POST /v2/apps/{id}/restart: the deployment naming every task is stored first. */
    private void restart() {
        AppDefinition app = apps.get(WEB).orElseThrow();
        deployments.put(new Deployment(UUID.randomUUID().toString(), app.version(), clock.instant(),
                List.of(new AppChange(WEB, DeploymentAction.RestartApplication, 1,
                        Set.copyOf(tasks.of(WEB).stream().map(TaskRecord::taskId).toList()), Optional.empty(), false))));
        scheduler.restart(WEB);
    }

    /** Mesos answers the oldest call not answered yet (a launch: running and healthy; a kill: killed), or sends an offer. */
    private void playOneEvent() {
        while (played < calls.size()) {
            Call call = calls.get(played++);
            if (call.getType() == Call.Type.KILL) {
                scheduler.update(status(call.getKill().getTaskId().getValue(), TaskState.TASK_KILLED));
                return;
            }
            if (call.getType() == Call.Type.ACCEPT) {
                for (var op : call.getAccept().getOperationsList()) {
                    for (var t : op.getLaunch().getTaskInfosList()) {
                        scheduler.update(running(t.getTaskId().getValue()));
                    }
                }
                return;
            }
        }
        scheduler.offers(List.of(OfferResourcesTest.offer("a", 8, 8192, 31000, 31100)));
    }

    private int healthy() {
        return (int) tasks.of(WEB).stream().filter(t -> !t.killRequested() && t.serves()).count();
    }

    private void reopen() {
        store = new DurableStore(dir);
        apps = new AppRepository(store, AppRepository.DEFAULT_MAX_VERSIONS);
        tasks = new TaskRepository(store);
        deployments = new DeploymentRepository(store);
        scheduler = new FrameworkScheduler(apps, tasks, new TaskInfoFactory(EXECUTOR, io.pacer.scheduler.task.ExecutorEndpointSecrets.random()), calls::add, clock, Duration.ofSeconds(10),
                Duration.ZERO, events, new SchedulerMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), apps, tasks),
                deployments);
    }

    private static TaskStatus running(String taskId) {
        return status(taskId, TaskState.TASK_RUNNING).toBuilder().setHealthy(true).build();
    }

    /** A readiness result as the executor reports it: TASK_RUNNING with the pacer.readiness label. */
    private static TaskStatus readiness(String taskId, boolean ready) {
        String result = ready ? "{\"name\":\"readinessCheck\",\"ready\":true}"
                : "{\"name\":\"readinessCheck\",\"ready\":false,\"lastResponse\":{\"status\":503,\"contentType\":\"text/plain\",\"body\":\"warming\"}}";
        return status(taskId, TaskState.TASK_RUNNING).toBuilder().setLabels(org.apache.mesos.v1.Protos.Labels.newBuilder()
                .addLabels(org.apache.mesos.v1.Protos.Label.newBuilder().setKey("pacer.readiness").setValue(result))).build();
    }

    private static TaskStatus status(String taskId, TaskState state) {
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId)).setState(state)
                .setAgentId(AgentID.newBuilder().setValue("agent-a")).setUuid(ByteString.copyFrom(new byte[16])).build();
    }

    private List<String> launchedSince(int from) {
        return calls.subList(from, calls.size()).stream().filter(c -> c.getType() == Call.Type.ACCEPT)
                .flatMap(c -> c.getAccept().getOperationsList().stream())
                .flatMap(o -> o.getLaunch().getTaskInfosList().stream()).map(t -> t.getTaskId().getValue()).toList();
    }

    private List<String> killed() {
        return calls.stream().filter(c -> c.getType() == Call.Type.KILL).map(c -> c.getKill().getTaskId().getValue()).toList();
    }
}
