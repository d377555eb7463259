package io.pacer.scheduler.launch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pacer.executor.readiness.ReadinessReport;
import io.pacer.scheduler.task.TaskJson;
import io.pacer.scheduler.task.TaskRecord;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A readiness result as the executor reports it: the {@value ReadinessReport#LABEL} label of a TASK_RUNNING
 * update, holding one result in Marathon's TaskReadinessCheckResult shape (docs/task-spec.md).
 */
final class ReadinessLabel {
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessLabel.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReadinessLabel() {
    }

    /** The task with the reported result; unchanged, with a warning, when the label cannot be read. */
    static TaskRecord apply(TaskRecord task, String value) {
        try {
            return task.withReadinessResult(TaskJson.readReadinessResult(JSON.readTree(value)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Task {}: ignoring an unreadable {} label ({}): {}", task.taskId(), ReadinessReport.LABEL, e.getMessage(), value);
            return task;
        }
    }
}
