package io.pacer.scheduler.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppJsonReader;
import io.pacer.scheduler.deploy.AppChange;
import io.pacer.scheduler.deploy.DeploymentAction;
import io.pacer.scheduler.deploy.DeploymentStatus;
import io.pacer.scheduler.task.ReadinessResult;
import io.pacer.scheduler.task.TaskFailure;
import io.pacer.scheduler.task.TaskRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;

/** A deployment names the first thing in its way, in words, with its counts. */
class DeploymentDiagnosisTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final String OLD_CONFIG = "pacer.web.000000000000";

    private final AppDefinition app = app("{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 2, \"cpus\": 0.1, \"mem\": 32,"
            + " \"portDefinitions\": [{\"port\": 0}], \"healthChecks\": [{\"protocol\": \"HTTP\", \"path\": \"/health\"}],"
            + " \"upgradeStrategy\": {\"minimumHealthCapacity\": 1, \"maximumOverCapacity\": 0}}");
    private final AppChange deployment = new AppChange(app.id(), DeploymentAction.RestartApplication, 1, Set.of(),
            Optional.empty(), false);

    @Test
    void aBackoffIsNamedWithItsEndAndTheLastFailure() {
        TaskRecord failed = task("web.failed", config(), TaskState.TASK_FAILED, Optional.empty(), "boom");
        var delay = new LaunchDelays.Delay(config(), 2, NOW.plusSeconds(30));

        DeploymentStatus status = DeploymentDiagnosis.of(deployment, Optional.of(app), List.of(), Optional.of(delay),
                Optional.of(new TaskFailure(failed, NOW)), NOW);

        assertThat(status.waitingFor()).contains("the backoff after 2 failed tasks to end at 2026-12-03T10:00:30.000Z"
                + " before launching 2 new tasks: last failure: TASK_FAILED (boom)");
        assertThat(status.newTasks()).isZero();
    }

    @Test
    void theCapacityBoundIsNamedWhenOldTasksMustEndFirst() {
        List<TaskRecord> alive = List.of(healthy("web.old1", OLD_CONFIG), healthy("web.old2", OLD_CONFIG),
                task("web.new1", config(), TaskState.TASK_STAGING, Optional.empty(), ""));

        DeploymentStatus status = DeploymentDiagnosis.of(deployment, Optional.of(app), alive, Optional.empty(), Optional.empty(), NOW);

        assertThat(status.waitingFor()).contains("2 old tasks to end before launching 1 new task: at most 3 may run (maximumOverCapacity 0.0)");
        assertThat(status).extracting(DeploymentStatus::newTasks, DeploymentStatus::oldTasks, DeploymentStatus::running).containsExactly(1, 2, 3);
    }

    @Test
    void tasksWithoutAnOfferAreNamedWithWhatEachNeeds() {
        DeploymentStatus status = DeploymentDiagnosis.of(deployment, Optional.of(app), List.of(), Optional.empty(), Optional.empty(), NOW);

        assertThat(status.waitingFor()).contains("offers to launch 2 new tasks, each needing cpus 0.1, mem 32.0 and 1 port:"
                + " no agent's offer has fitted yet (GET /v2/queue shows the app)");
    }

    @Test
    void startingAndUnhealthyNewTasksAreNamedWithTheLastHealthCheckFailure() {
        TaskRecord staging = task("web.a", config(), TaskState.TASK_STAGING, Optional.empty(), "");
        TaskRecord failing = task("web.b", config(), TaskState.TASK_RUNNING, Optional.of(false),
                "HTTP health check of http://127.0.0.1:31000/health failed 2 time(s) in a row: HTTP 404");
        assertThat(DeploymentDiagnosis.of(deployment, Optional.of(app), List.of(staging, failing), Optional.empty(), Optional.empty(), NOW)
                .waitingFor()).contains("1 new task to start: web.a is TASK_STAGING on agent-a");

        TaskRecord started = task("web.a", config(), TaskState.TASK_RUNNING, Optional.empty(), "");
        DeploymentStatus status = DeploymentDiagnosis.of(deployment, Optional.of(app), List.of(started, failing), Optional.empty(),
                Optional.empty(), NOW);
        assertThat(status.waitingFor()).contains("2 of 2 new tasks to become healthy: HTTP health check of http://127.0.0.1:31000/health failed 2 time(s) in a row: HTTP 404");
        assertThat(status.newReady()).isZero();
    }

    @Test
    void aHealthyNewTaskThatIsNotReadyYetIsNamedWithItsCheck() {
        TaskRecord unready = healthy("web.a", config()).awaitingReadiness(List.of("readinessCheck"))
                .withReadinessResult(new ReadinessResult("readinessCheck", false,
                        Optional.of(new ReadinessResult.LastResponse(503, "text/plain", "warming up"))));

        DeploymentStatus status = DeploymentDiagnosis.of(deployment, Optional.of(app), List.of(unready, healthy("web.b", config())),
                Optional.empty(), Optional.empty(), NOW);

        assertThat(status.waitingFor()).contains("1 of 2 new tasks to become ready: readiness check readinessCheck last answered HTTP 503");
        assertThat(status.newReady()).isEqualTo(1);
    }

    @Test
    void oldTasksBeingKilledAreTheLastWaitAndThenNothingIs() {
        List<TaskRecord> fresh = List.of(healthy("web.a", config()), healthy("web.b", config()));
        TaskRecord killing = healthy("web.old", OLD_CONFIG).withKillRequested();
        List<TaskRecord> withOld = List.of(fresh.get(0), fresh.get(1), killing);

        assertThat(DeploymentDiagnosis.of(deployment, Optional.of(app), withOld, Optional.empty(), Optional.empty(), NOW).waitingFor())
                .contains("1 old task to end (1 being killed)");
        DeploymentStatus done = DeploymentDiagnosis.of(deployment, Optional.of(app), fresh, Optional.empty(), Optional.empty(), NOW);
        assertThat(done.waitingFor()).isEmpty();
        assertThat(done).extracting(DeploymentStatus::instances, DeploymentStatus::newReady).containsExactly(2, 2);
    }

    @Test
    void aRemovedAppWaitsForItsTasksToEnd() {
        assertThat(DeploymentDiagnosis.of(deployment, Optional.empty(), List.of(healthy("web.a", config())), Optional.empty(),
                Optional.empty(), NOW).waitingFor()).contains("1 task of the removed app to end");
    }

    private String config() {
        return TaskInfoFactory.executorId(app);
    }

    private TaskRecord healthy(String id, String configuration) {
        return task(id, configuration, TaskState.TASK_RUNNING, Optional.of(true), "");
    }

    private TaskRecord task(String id, String configuration, TaskState state, Optional<Boolean> health, String message) {
        return TaskRecord.intent(id, app.id(), app.version(), configuration, "agent-a", "agent-a", List.of(31000), NOW)
                .healthCheckedFromLaunch(true)
                .withStatus(state, health, message, Optional.empty(), NOW);
    }

    private static AppDefinition app(String json) {
        try {
            return AppJsonReader.read(new ObjectMapper().readTree(json), Optional.empty(), NOW);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
