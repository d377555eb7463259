package io.pacer.executor.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.executor.health.HealthCheckResult;
import io.pacer.executor.spec.LogRotation;
import io.pacer.executor.spec.TaskCommand;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.spec.TaskResources;
import io.pacer.executor.spec.TaskSpec;
import io.pacer.executor.task.TaskUpdate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;

class TaskJournalTest {
    static TaskDescription task(String id) {
        return new TaskDescription(id, id, new TaskSpec(Optional.of(new TaskCommand.Shell("true")), Map.of(), List.of(), List.of(),
                Optional.empty(), Optional.empty(), LogRotation.DEFAULT), new TaskResources(0, 0, 0, 0, List.of()),
                Optional.empty(), Optional.empty(), Map.of(), Optional.empty());
    }

    @Test
    void historiesAreBoundedAndOnlyTheOldestEndedTasksAreForgotten() {
        TaskJournal journal = new TaskJournal();
        journal.launched(task("running"), Path.of("/s/running"));
        for (int i = 0; i < TaskJournal.HEALTH_HISTORY + 5; i++) {
            journal.healthChecked("running", new HealthCheckResult(Instant.now(), i % 2 == 0, Duration.ofMillis(i), "check " + i));
        }
        for (int i = 0; i < TaskJournal.ENDED_TASKS + 3; i++) {
            journal.launched(task("ended" + i), Path.of("/s/ended" + i));
            journal.statusChanged(TaskUpdate.of("ended" + i, TaskState.TASK_FINISHED, "done"));
        }
        journal.launched(task("last"), Path.of("/s/last"));

        TaskJournal.TaskRecord running = journal.find("running").orElseThrow();
        assertThat(running.health()).hasSize(TaskJournal.HEALTH_HISTORY);
        assertThat(running.lastHealth().orElseThrow().detail()).isEqualTo("check " + (TaskJournal.HEALTH_HISTORY + 4));
        assertThat(journal.find("ended0")).isEmpty();
        assertThat(journal.find("ended3")).isPresent();
        assertThat(journal.all()).hasSize(TaskJournal.ENDED_TASKS + 2);
        assertThat(journal.find("unknown")).isEmpty();
    }
}
