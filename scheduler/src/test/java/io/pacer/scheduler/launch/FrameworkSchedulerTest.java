package io.pacer.scheduler.launch;

import static io.pacer.scheduler.launch.OfferResourcesTest.offer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppJsonReader;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.deploy.AppChange;
import io.pacer.scheduler.deploy.Deployment;
import io.pacer.scheduler.deploy.DeploymentAction;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.store.DurableStore;
import io.pacer.scheduler.task.TaskRecord;
import io.pacer.scheduler.task.TaskRepository;
import io.pacer.scheduler.time.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworkSchedulerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FrameworkID FW = FrameworkID.newBuilder().setValue("fw-1").build();
    private static final ExecutorSettings EXECUTOR = new ExecutorSettings("http://pacer/executor.jar", java.util.Optional.empty(), 0.1, 32,
            Duration.ofSeconds(5), java.util.Map.of());

    @TempDir
    Path dir;
    private final MovableClock clock = new MovableClock();
    private final List<Call> calls = new ArrayList<>();
    private final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    private final io.pacer.scheduler.events.EventBus events = new io.pacer.scheduler.events.EventBus();
    private final List<com.fasterxml.jackson.databind.node.ObjectNode> published = new ArrayList<>();
    private DurableStore store;
    private AppRepository apps;
    private TaskRepository tasks;
    private DeploymentRepository deployments;
    private FrameworkScheduler scheduler;

    @BeforeEach
    void start() {
        store = new DurableStore(dir);
        apps = new AppRepository(store, AppRepository.DEFAULT_MAX_VERSIONS);
        tasks = new TaskRepository(store);
        deployments = new DeploymentRepository(store);
        scheduler = newScheduler();
        events.subscribe(published::add);
    }

    @Test
    void publishesMarathonsEventsForUpdatesHealthAndHealthKills() {
        String task = launchOne("{\"id\": \"/web\", \"cmd\": \"serve\", \"healthChecks\": [{\"protocol\": \"HTTP\"}]}");

        scheduler.update(status(task, TaskState.TASK_RUNNING, true));
        scheduler.update(status(task, TaskState.TASK_RUNNING, true).toBuilder().setHealthy(true).build());
        scheduler.update(status(task, TaskState.TASK_RUNNING, true).toBuilder().setHealthy(false).setMessage("HTTP 503").build());
        scheduler.update(status(task, TaskState.TASK_RUNNING, true).toBuilder().setHealthy(false).setMessage("HTTP 503").build());
        scheduler.update(status(task, TaskState.TASK_KILLED, true).toBuilder().setMessage("health check failed 3 times").build());

        assertThat(published).extracting(e -> e.get("eventType").asText()).containsExactly(
                "status_update_event",
                "status_update_event", "health_status_changed_event",
                "status_update_event", "failed_health_check_event", "health_status_changed_event",
                "status_update_event", "failed_health_check_event",
                "status_update_event", "unhealthy_task_kill_event");
        assertThat(published.get(2).get("alive").asBoolean()).isTrue();
        assertThat(published.get(5).get("alive").asBoolean()).isFalse();
        assertThat(published.get(8).get("taskStatus").asText()).isEqualTo("TASK_KILLED");
        assertThat(published.get(9).get("reason").asText()).isEqualTo("health check failed 3 times");
        assertThat(published.get(4).get("healthCheck").get("protocol").asText()).isEqualTo("HTTP");
    }

    @Test
    void aFailuresReasonReachesTheEventAndTheLastTaskFailure() {
        String task = launchOne("{\"id\": \"/web\", \"cmd\": \"eat memory\"}");
        String message = "Memory limit exceeded: Requested: 32MB Maximum Used: 32MB\n\nMEMORY STATISTICS: \ncache 0\nrss 33554432";

        scheduler.update(status(task, TaskState.TASK_RUNNING, true));
        scheduler.update(status(task, TaskState.TASK_FAILED, true).toBuilder().setMessage(message)
                .setReason(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY).build());

        var running = published.get(0);
        var failed = published.get(1);
        assertThat(running.has("reason")).as("an update without a reason has none").isFalse();
        assertThat(failed.get("eventType").asText()).isEqualTo("status_update_event");
        assertThat(failed.get("taskStatus").asText()).isEqualTo("TASK_FAILED");
        assertThat(failed.get("reason").asText()).isEqualTo("REASON_CONTAINER_LIMITATION_MEMORY");
        assertThat(failed.get("message").asText()).isEqualTo(message);
        var lastTaskFailure = scheduler.lastFailure(AppId.parse("/web")).orElseThrow().toJson();
        assertThat(lastTaskFailure.get("reason").asText()).isEqualTo("REASON_CONTAINER_LIMITATION_MEMORY");
        assertThat(lastTaskFailure.get("message").asText()).isEqualTo(message);
        assertThat(lastTaskFailure.get("taskId").asText()).isEqualTo(task);
    }

    @Test
    void onlyFailureStatesAreAnAppsLastTaskFailureAsInMarathon() {
        String finished = launchOne("{\"id\": \"/web\", \"cmd\": \"true\"}");
        scheduler.update(status(finished, TaskState.TASK_FINISHED, true));
        assertThat(scheduler.lastFailure(AppId.parse("/web"))).as("TASK_FINISHED is no failure").isEmpty();
    }

    @Test
    void reconcilesAfterSubscribingAndSuppressesWithNothingToLaunch() {
        scheduler.subscribed(FW);

        assertThat(types()).containsExactly(Call.Type.RECONCILE, Call.Type.SUPPRESS);
        assertThat(calls.get(0).getReconcile().getTasksCount()).as("implicit: no tasks known").isZero();
        assertThat(calls.get(0).getFrameworkId()).isEqualTo(FW);
    }

    @Test
    void launchesEveryMissingInstanceFromOneOfferCountingTheExecutorOnce() {
        create("{\"id\": \"/web\", \"cmd\": \"serve\", \"cpus\": 0.5, \"mem\": 64, \"instances\": 2}");
        scheduler.subscribed(FW);
        calls.clear();

        scheduler.offers(List.of(offer("a", 1.1, 160, 31000, 31010))); // 2 x (0.5, 64) + executor (0.1, 32)

        List<TaskInfo> launched = launched();
        assertThat(launched).hasSize(2);
        assertThat(launched.get(0).getExecutor()).isEqualTo(launched.get(1).getExecutor());
        assertThat(tasks.of(AppId.parse("/web"))).hasSize(2).allMatch(t -> t.state() == TaskState.TASK_STAGING);
        assertThat(launched).flatExtracting(t -> t.getResourcesList()).filteredOn(r -> r.getName().equals("ports"))
                .extracting(r -> r.getRanges().getRange(0).getBegin()).containsExactly(31000L, 31001L);
    }

    @Test
    void spreadsTheMissingInstancesEvenlyOverTheOffersOfOneBatch() {
        create("{\"id\": \"/web\", \"cmd\": \"serve\", \"cpus\": 0.1, \"mem\": 16, \"instances\": 7}");
        scheduler.subscribed(FW);
        calls.clear();

        scheduler.offers(List.of(offer("a", 4, 4096, 31000, 31010), offer("b", 4, 4096, 31000, 31010),
                offer("c", 4, 4096, 31000, 31010)));

        assertThat(launched()).hasSize(7);
        assertThat(tasks.of(AppId.parse("/web"))).extracting(TaskRecord::host)
                .filteredOn("a"::equals).hasSize(3);
        assertThat(tasks.of(AppId.parse("/web"))).extracting(TaskRecord::host)
                .filteredOn(h -> !h.equals("a")).containsExactlyInAnyOrder("b", "b", "b", "c");
    }

    @Test
    void anOfferTooSmallIsDeclinedBriefly() {
        create("{\"id\": \"/web\", \"cmd\": \"serve\", \"cpus\": 2, \"mem\": 64}");
        scheduler.subscribed(FW);
        calls.clear();

        scheduler.offers(List.of(offer("a", 1, 1024, 31000, 31010)));

        assertThat(types()).containsExactly(Call.Type.DECLINE);
        assertThat(calls.get(0).getDecline().getFilters().getRefuseSeconds()).isEqualTo(1.0);
    }

    @Test
    void anExecutorAlreadyOnTheAgentIsNotCountedAgain() {
        AppDefinition app = create("{\"id\": \"/web\", \"cmd\": \"serve\", \"cpus\": 0.5, \"mem\": 64}");
        scheduler.subscribed(FW);
        calls.clear();
        Offer offer = offer("a", 0.5, 64, 31000, 31000).toBuilder()
                .addExecutorIds(ExecutorID.newBuilder().setValue(new TaskInfoFactory(EXECUTOR, io.pacer.scheduler.task.ExecutorEndpointSecrets.random())
                        .mesosExecutorId(app))).build();

        scheduler.offers(List.of(offer));

        assertThat(launched()).hasSize(1);
    }

    @Test
    void acknowledgesUpdatesWithAUuidAndRecordsThem() {
        String taskId = launchOne("{\"id\": \"/web\", \"cmd\": \"serve\"}");

        scheduler.update(status(taskId, TaskState.TASK_RUNNING, true).toBuilder().setHealthy(true)
                .setLabels(org.apache.mesos.v1.Protos.Labels.newBuilder().addLabels(org.apache.mesos.v1.Protos.Label.newBuilder()
                        .setKey("pacer.executor.endpoint").setValue("http://127.0.0.1:40123"))).build());

        Call ack = calls.stream().filter(c -> c.getType() == Call.Type.ACKNOWLEDGE).findFirst().orElseThrow();
        assertThat(ack.getAcknowledge().getTaskId().getValue()).isEqualTo(taskId);
        assertThat(ack.getAcknowledge().getUuid().size()).isEqualTo(16);
        TaskRecord record = tasks.get(taskId).orElseThrow();
        assertThat(record.state()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(record.healthy()).contains(true);
        assertThat(record.startedAt()).contains(clock.instant());
        assertThat(record.executorEndpoint()).contains("http://127.0.0.1:40123");

        calls.clear();
        scheduler.update(status(taskId, TaskState.TASK_RUNNING, false));
        assertThat(types()).as("a reconciliation answer has no uuid and is not acknowledged").doesNotContain(Call.Type.ACKNOWLEDGE);
    }

    @Test
    void aFailedTaskIsReplacedAfterABackoffThatGrows() {
        String first = launchOne("{\"id\": \"/web\", \"cmd\": \"crash\", \"backoffSeconds\": 1, \"backoffFactor\": 2, \"maxLaunchDelaySeconds\": 30}");

        scheduler.update(status(first, TaskState.TASK_FAILED, true));
        assertThat(tasks.get(first)).isEmpty();
        calls.clear();
        scheduler.offers(List.of(offer("a", 4, 4096, 31000, 31010)));
        assertThat(types()).as("still inside the 1 s backoff").containsExactly(Call.Type.DECLINE);

        clock.advance(Duration.ofSeconds(1));
        calls.clear();
        scheduler.offers(List.of(offer("a", 4, 4096, 31000, 31010)));
        String second = launched().get(0).getTaskId().getValue();

        scheduler.update(status(second, TaskState.TASK_FAILED, true));
        assertThat(scheduler.delays().of(AppId.parse("/web"), tasksConfiguration()).orElseThrow().notBefore())
                .isEqualTo(clock.instant().plusSeconds(2));
    }

    @Test
    void anAppThatStartsWaitingRevivesOffersDeclinedWhileNothingWaited() {
        String task = launchOne("{\"id\": \"/web\", \"cmd\": \"crash\"}");
        calls.clear(); // no tick in between: the offer comes right after the launch, as it did in a real run
        scheduler.offers(List.of(offer("a", 4, 4096, 31000, 31010)));
        assertThat(calls.get(0).getDecline().getFilters().getRefuseSeconds()).as("nothing waits: a long filter").isEqualTo(30.0);

        scheduler.update(status(task, TaskState.TASK_FAILED, true));

        assertThat(types()).as("the failure makes the app wait: REVIVE clears that filter").contains(Call.Type.REVIVE);
    }

    @Test
    void aTaskThatRunsLongEnoughResetsTheBackoff() {
        String first = launchOne("{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 1}");
        scheduler.update(status(first, TaskState.TASK_FAILED, true));
        clock.advance(Duration.ofSeconds(5));
        calls.clear();
        scheduler.offers(List.of(offer("a", 4, 4096, 31000, 31010)));
        String second = launched().get(0).getTaskId().getValue();
        scheduler.update(status(second, TaskState.TASK_RUNNING, true));
        clock.advance(Duration.ofSeconds(9));
        scheduler.tick();
        assertThat(scheduler.delays().of(AppId.parse("/web"), tasksConfiguration())).as("not yet stable").isPresent();

        clock.advance(Duration.ofSeconds(1));
        scheduler.tick();

        assertThat(scheduler.delays().of(AppId.parse("/web"), tasksConfiguration())).isEmpty();
    }

    @Test
    void scalingDownKillsTheYoungestAndItsEndIsNotAFailure() {
        create("{\"id\": \"/web\", \"cmd\": \"serve\", \"cpus\": 0.1, \"mem\": 16, \"instances\": 2}");
        scheduler.subscribed(FW);
        scheduler.offers(List.of(offer("a", 0.2, 48, 31000, 31000)));
        clock.advance(Duration.ofSeconds(1));
        scheduler.offers(List.of(offer("b", 0.2, 48, 31000, 31000).toBuilder()
                .setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue("agent-b")).build()));
        List<TaskInfo> launched = launched();
        assertThat(launched).hasSize(2);
        String youngest = launched.get(1).getTaskId().getValue();
        calls.clear();

        apps.put(apps.get(AppId.parse("/web")).orElseThrow().withInstances(1));
        scheduler.tick();

        assertThat(killed()).containsExactly(youngest);
        scheduler.update(status(youngest, TaskState.TASK_KILLED, true));
        assertThat(scheduler.delays().of(AppId.parse("/web"), tasksConfiguration())).isEmpty();
        assertThat(tasks.of(AppId.parse("/web"))).hasSize(1);
    }

    @Test
    void aChangedConfigurationReplacesTheOldTasks() {
        String old = launchOne("{\"id\": \"/web\", \"cmd\": \"serve v1\"}");
        calls.clear();

        create("{\"id\": \"/web\", \"cmd\": \"serve v2\"}");
        scheduler.tick();
        scheduler.offers(List.of(offer("a", 4, 4096, 31000, 31010)));

        assertThat(killed()).containsExactly(old);
        assertThat(launched()).hasSize(1);
        assertThat(launched().get(0).getData().toStringUtf8()).contains("serve v2");
    }

    @Test
    void aKillIsAnnouncedAtOnceAndSentAfterTheDrainDelay() {
        scheduler = newScheduler(Duration.ofSeconds(2));
        String task = launchOne("{\"id\": \"/web\", \"cmd\": \"serve\"}");
        scheduler.update(status(task, TaskState.TASK_RUNNING, true));
        calls.clear();
        published.clear();

        apps.delete(AppId.parse("/web"));
        scheduler.tick();

        assertThat(published).extracting(e -> e.get("eventType").asText()).containsExactly("instance_changed_event");
        var killing = published.get(0);
        assertThat(killing.get("condition").asText()).isEqualTo("Killing");
        assertThat(killing.get("instanceId").asText()).isEqualTo(task);
        assertThat(killing.get("runSpecId").asText()).isEqualTo("/web");
        assertThat(killing.get("agentId").asText()).isEqualTo("agent-a");
        assertThat(killed()).as("not before the drain delay").isEmpty();
        assertThat(tasks.get(task).orElseThrow().killRequested()).isTrue();

        clock.advance(Duration.ofMillis(1999));
        scheduler.sendDueKills();
        assertThat(killed()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        scheduler.sendDueKills();
        scheduler.tick();
        assertThat(killed()).containsExactly(task);
    }

    @Test
    void aStoppingPacerLearnsWhatKillsItOwesAndSendsThemWithTheirDrainCutShort() {
        scheduler = newScheduler(Duration.ofSeconds(30));
        String task = launchOne("{\"id\": \"/web\", \"cmd\": \"serve\"}");
        assertThat(scheduler.owedKills()).isEqualTo(new FrameworkScheduler.OwedKills(0, Optional.empty()));
        apps.delete(AppId.parse("/web"));
        scheduler.tick();
        calls.clear();

        assertThat(scheduler.owedKills()).isEqualTo(new FrameworkScheduler.OwedKills(1, Optional.of(clock.instant().plusSeconds(30))));
        assertThat(scheduler.sendOwedKills()).isEqualTo(1);

        assertThat(killed()).containsExactly(task);
        assertThat(scheduler.owedKills().count()).isZero();
        assertThat(scheduler.sendOwedKills()).as("each kill is sent once").isZero();
    }

    @Test
    void aKillDecidedBeforeARestartOfPacerIsSentAfterIt() {
        scheduler = newScheduler(Duration.ofSeconds(30));
        String task = launchOne("{\"id\": \"/web\", \"cmd\": \"serve\"}");
        apps.delete(AppId.parse("/web"));
        scheduler.tick();
        calls.clear();

        FrameworkScheduler restarted = newScheduler(Duration.ofSeconds(30));
        restarted.subscribed(FW);

        assertThat(killed()).containsExactly(task);
    }

    @Test
    void aRestartReplacesTasksRollingKillingEachOldOneOnlyOnceAReplacementIsHealthy() {
        create("{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 2, \"healthChecks\": [{\"protocol\": \"HTTP\"}]}");
        scheduler.subscribed(FW);
        scheduler.offers(List.of(offer("a", 4, 4096, 31000, 31010)));
        List<String> old = launched().stream().map(t -> t.getTaskId().getValue()).toList();
        old.forEach(t -> scheduler.update(status(t, TaskState.TASK_RUNNING, true).toBuilder().setHealthy(true).build()));
        calls.clear();

        restart("/web");
        scheduler.offers(List.of(offer("a", 4, 4096, 31000, 31010)));

        assertThat(killed()).as("the old tasks serve until replacements are ready").isEmpty();
        List<String> fresh = launched().stream().map(t -> t.getTaskId().getValue()).toList();
        assertThat(fresh).hasSize(2).doesNotContainAnyElementsOf(old);

        scheduler.update(status(fresh.get(0), TaskState.TASK_RUNNING, true));
        assertThat(killed()).as("running is not ready while unchecked").isEmpty();
        scheduler.update(status(fresh.get(0), TaskState.TASK_RUNNING, true).toBuilder().setHealthy(true).build());
        assertThat(killed()).hasSize(1).isSubsetOf(old);
        scheduler.update(status(fresh.get(1), TaskState.TASK_RUNNING, true).toBuilder().setHealthy(true).build());
        assertThat(killed()).containsExactlyInAnyOrderElementsOf(old);
    }

    @Test
    void aDeletedAppHasItsTasksKilled() {
        String task = launchOne("{\"id\": \"/web\", \"cmd\": \"serve\"}");
        calls.clear();

        apps.delete(AppId.parse("/web"));
        scheduler.tick();

        assertThat(killed()).containsExactly(task);
        assertThat(types()).as("offers stay suppressed: nothing waits").doesNotContain(Call.Type.REVIVE);
    }

    @Test
    void aRunningTaskPacerDoesNotKnowIsKilled() {
        scheduler.subscribed(FW);
        calls.clear();

        scheduler.update(status("stranger.1", TaskState.TASK_RUNNING, true));

        assertThat(killed()).containsExactly("stranger.1");
    }

    @Test
    void aRestartedSchedulerAsksAfterEveryTaskItLaunchedAndDoesNotLaunchThemAgain() {
        String task = launchOne("{\"id\": \"/web\", \"cmd\": \"serve\"}");
        calls.clear();

        FrameworkScheduler restarted = new FrameworkScheduler(new AppRepository(store, AppRepository.DEFAULT_MAX_VERSIONS), new TaskRepository(store),
                new TaskInfoFactory(EXECUTOR, io.pacer.scheduler.task.ExecutorEndpointSecrets.random()), calls::add, clock, Duration.ofSeconds(10), Duration.ZERO, events, metrics(),
                new DeploymentRepository(store));
        restarted.subscribed(FW);
        restarted.offers(List.of(offer("a", 4, 4096, 31000, 31010)));

        assertThat(calls.get(0).getReconcile().getTasksList()).extracting(t -> t.getTaskId().getValue()).containsExactly(task);
        assertThat(types()).doesNotContain(Call.Type.ACCEPT);
    }

    @Test
    void aNewLeaderLaunchesAndKillsNothingUntilMesosHasAnsweredForEveryTaskItKnows() {
        String task = launchOne("{\"id\": \"/web\", \"cmd\": \"serve\"}");
        apps.put(apps.get(AppId.parse("/web")).orElseThrow().withInstances(2));
        FrameworkScheduler leader = newScheduler();
        leader.subscribed(FW);
        calls.clear();

        leader.offers(List.of(offer("a", 4, 4096, 31000, 31010)));
        leader.tick();
        assertThat(types()).as("offers declined, briefly, while reconciling").containsOnly(Call.Type.DECLINE);
        assertThat(calls.get(0).getDecline().getFilters().getRefuseSeconds()).isEqualTo(1.0);

        leader.update(status(task, TaskState.TASK_RUNNING, true));
        calls.clear();
        leader.offers(List.of(offer("a", 4, 4096, 31000, 31010)));
        assertThat(launched()).as("answered for: the missing instance launches").hasSize(1);
    }

    @Test
    void aNewLeaderDecidesOnWhatItKnowsOnceTheReconciliationTimeoutHasPassed() {
        launchOne("{\"id\": \"/web\", \"cmd\": \"serve\"}");
        apps.put(apps.get(AppId.parse("/web")).orElseThrow().withInstances(2));
        FrameworkScheduler leader = newScheduler();
        leader.subscribed(FW);
        clock.advance(FrameworkScheduler.RECONCILIATION_TIMEOUT);
        calls.clear();

        leader.offers(List.of(offer("a", 4, 4096, 31000, 31010)));

        assertThat(launched()).hasSize(1);
    }

    @Test
    void anUnknownTaskFromReconciliationIsReplaced() {
        String task = launchOne("{\"id\": \"/web\", \"cmd\": \"serve\"}");
        scheduler.update(TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(task))
                .setState(TaskState.TASK_UNKNOWN).setReason(TaskStatus.Reason.REASON_RECONCILIATION).build());

        assertThat(tasks.get(task)).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        calls.clear();
        scheduler.offers(List.of(offer("a", 4, 4096, 31000, 31010)));
        assertThat(launched()).hasSize(1);
    }

    // ---- helpers ----

    /** What the API does for POST /v2/apps/{id}/restart: the deployment naming every task is stored first. */
    private Deployment restart(String id) {
        AppDefinition app = apps.get(AppId.parse(id)).orElseThrow();
        Deployment d = new Deployment(java.util.UUID.randomUUID().toString(), app.version(), clock.instant(),
                List.of(new AppChange(app.id(), DeploymentAction.RestartApplication, 1,
                        java.util.Set.copyOf(tasks.of(app.id()).stream().map(TaskRecord::taskId).toList()), Optional.empty(), false)));
        deployments.put(d);
        scheduler.restart(app.id());
        return d;
    }

    private FrameworkScheduler newScheduler() {
        return newScheduler(Duration.ZERO);
    }

    private FrameworkScheduler newScheduler(Duration drainDelay) {
        return new FrameworkScheduler(apps, tasks, new TaskInfoFactory(EXECUTOR, io.pacer.scheduler.task.ExecutorEndpointSecrets.random()), calls::add, clock, Duration.ofSeconds(10), drainDelay,
                events, metrics(), deployments);
    }

    private SchedulerMetrics metrics() {
        return new SchedulerMetrics(registry, apps, tasks);
    }

    @Test
    void countsOffersLaunchesKillsAndUpdates() {
        String task = launchOne("{\"id\": \"/web\", \"cmd\": \"serve\"}");
        scheduler.update(status(task, TaskState.TASK_RUNNING, true));
        apps.delete(AppId.parse("/web"));
        scheduler.tick();

        assertThat(registry.get("pacer.scheduler.offers").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("pacer.scheduler.tasks.launched").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("pacer.scheduler.tasks.killed").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("pacer.scheduler.status.updates").tag("state", "TASK_RUNNING").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("pacer.tasks").gauge().value()).isEqualTo(1.0);
    }

    private String launchOne(String appJson) {
        create(appJson);
        scheduler.subscribed(FW);
        scheduler.offers(List.of(offer("a", 4, 4096, 31000, 31010)));
        return launched().get(0).getTaskId().getValue();
    }

    private String tasksConfiguration() {
        return TaskInfoFactory.executorId(apps.get(AppId.parse("/web")).orElseThrow());
    }

    private AppDefinition create(String json) {
        try {
            return apps.put(AppJsonReader.read(JSON.readTree(json), Optional.empty(), clock.instant()));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static TaskStatus status(String taskId, TaskState state, boolean reliable) {
        TaskStatus.Builder s = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId)).setState(state)
                .setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue("agent-a"));
        if (reliable) {
            s.setUuid(ByteString.copyFrom(new byte[16]));
        }
        return s.build();
    }

    private List<Call.Type> types() {
        return calls.stream().map(Call::getType).toList();
    }

    private List<TaskInfo> launched() {
        return calls.stream().filter(c -> c.getType() == Call.Type.ACCEPT)
                .flatMap(c -> c.getAccept().getOperationsList().stream())
                .flatMap(o -> o.getLaunch().getTaskInfosList().stream()).toList();
    }

    private List<String> killed() {
        return calls.stream().filter(c -> c.getType() == Call.Type.KILL).map(c -> c.getKill().getTaskId().getValue()).toList();
    }
}
