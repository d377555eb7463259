package io.pacer.scheduler.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.store.DurableStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskRepositoryTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void findsAnAppsTasksOldestFirstForgetsRemovedOnesAndSurvivesAReload() {
        TaskRepository tasks = new TaskRepository(new DurableStore(dir));
        tasks.put(task("web.2", "/web", T0.plusSeconds(2)));
        tasks.put(task("web.1", "/web", T0.plusSeconds(1)));
        tasks.put(task("db.1", "/db", T0));

        assertThat(ids(tasks.of(AppId.parse("/web")))).containsExactly("web.1", "web.2");
        tasks.remove("web.1");
        assertThat(ids(tasks.of(AppId.parse("/web")))).containsExactly("web.2");
        tasks.remove("web.2");
        assertThat(tasks.of(AppId.parse("/web"))).isEmpty();

        TaskRepository reloaded = new TaskRepository(new DurableStore(dir));
        assertThat(ids(reloaded.of(AppId.parse("/db")))).containsExactly("db.1");
        assertThat(ids(reloaded.all())).containsExactly("db.1");
    }

    @Test
    void keepsTheLastUpdatesReasonAndReadsRecordsStoredWithoutOne() throws Exception {
        DurableStore store = new DurableStore(dir);
        TaskRepository tasks = new TaskRepository(store);
        TaskRecord failed = task("web.1", "/web", T0).withStatus(TaskState.TASK_FAILED, Optional.empty(),
                "Memory limit exceeded", Optional.of("REASON_CONTAINER_LIMITATION_MEMORY"), T0);
        tasks.put(failed);
        var older = TaskJson.write(task("web.2", "/web", T0).withExecutorEndpoint("http://127.0.0.1:40123"));
        assertThat(older.has("reason")).as("written only when known").isFalse();
        store.write("tasks/web.2", new ObjectMapper().writeValueAsBytes(older));

        TaskRepository reloaded = new TaskRepository(store);

        assertThat(reloaded.get("web.1").orElseThrow().reason()).contains("REASON_CONTAINER_LIMITATION_MEMORY");
        assertThat(reloaded.get("web.1")).contains(failed);
        assertThat(reloaded.get("web.2").orElseThrow().reason()).isEmpty();
        assertThat(failed.withStatus(TaskState.TASK_FAILED, Optional.empty(), "", Optional.empty(), T0).reason())
                .as("an update without a reason clears it").isEmpty();
    }

    @Test
    void readinessResultsSurviveAReloadAndAReadyCheckStaysReady() {
        DurableStore store = new DurableStore(dir);
        TaskRepository tasks = new TaskRepository(store);
        ReadinessResult warming = new ReadinessResult("warm", false,
                Optional.of(new ReadinessResult.LastResponse(503, "application/json", "{\"done\":0.4}")));
        TaskRecord pending = task("web.1", "/web", T0).awaitingReadiness(List.of("warm"));
        TaskRecord ready = task("web.2", "/web", T0).awaitingReadiness(List.of("warm"))
                .withReadinessResult(new ReadinessResult("warm", true, Optional.empty()));
        tasks.put(pending.withReadinessResult(warming));
        tasks.put(ready);

        TaskRepository reloaded = new TaskRepository(store);

        assertThat(pending.readinessPassed()).isFalse();
        assertThat(reloaded.get("web.1").orElseThrow().readiness()).containsExactly(warming);
        assertThat(reloaded.get("web.2").orElseThrow().readinessPassed()).isTrue();
        assertThat(ready.withReadinessResult(warming)).as("ready stays ready").isEqualTo(ready);
        assertThat(ready.withReadinessResult(new ReadinessResult("other", false, Optional.empty())))
                .as("a check it was not launched with is ignored").isEqualTo(ready);
        assertThat(task("web.3", "/web", T0).readinessPassed()).as("no readiness checks").isTrue();
        assertThat(TaskJson.write(task("web.3", "/web", T0)).has("readinessCheckResults")).as("written only with checks").isFalse();
    }

    private static TaskRecord task(String id, String app, Instant staged) {
        return TaskRecord.intent(id, AppId.parse(app), T0, "cfg", "agent-1", "host", List.of(), staged);
    }

    private static List<String> ids(List<TaskRecord> tasks) {
        return tasks.stream().map(TaskRecord::taskId).toList();
    }
}
