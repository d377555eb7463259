package io.pacer.executor.task;

import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;

/**
 * A change of a task's state to report to Mesos, before the driver turns it into a TaskStatus (uuid, source,
 * timestamp, executor and agent ids). States and reasons are Mesos's own enums.
 *
 * @param healthy set on health updates (TASK_RUNNING) and on a TASK_KILLED caused by failed health checks
 * @param labels  TaskStatus.labels
 */
public record TaskUpdate(String taskId, TaskState state, Optional<Reason> reason, String message,
                         Optional<Boolean> healthy, Map<String, String> labels) {
    public TaskUpdate {
        labels = Map.copyOf(labels);
    }

    public static TaskUpdate of(String taskId, TaskState state, String message) {
        return new TaskUpdate(taskId, state, Optional.empty(), message, Optional.empty(), Map.of());
    }

    public TaskUpdate withReason(Reason value) {
        return new TaskUpdate(taskId, state, Optional.of(value), message, healthy, labels);
    }

    public TaskUpdate withHealthy(boolean value) {
        return new TaskUpdate(taskId, state, reason, message, Optional.of(value), labels);
    }

    public TaskUpdate withLabels(Map<String, String> value) {
        return new TaskUpdate(taskId, state, reason, message, healthy, value);
    }

    /** Terminal as Mesos's isTerminalState (src/common/protobuf_utils.cpp). */
    public boolean isTerminal() {
        return switch (state) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE, TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }
}
