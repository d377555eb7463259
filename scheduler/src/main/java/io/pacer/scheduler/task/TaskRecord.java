package io.pacer.scheduler.task;

import io.pacer.scheduler.app.AppId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * What the scheduler knows of one task: written as an intent (TASK_STAGING) before its launch is sent, then
 * updated from every status update. Immutable; each change makes a new record.
 */
public record TaskRecord(
        String taskId,
        AppId appId,
        Instant appVersion,
        String executorId,
        String agentId,
        String host,
        List<Integer> ports,
        TaskState state,
        Optional<Boolean> healthy,
        Instant stagedAt,
        Optional<Instant> startedAt,
        Instant updatedAt,
        String message,
        boolean killRequested) {

    public TaskRecord {
        ports = List.copyOf(ports);
    }

    public static TaskRecord intent(String taskId, AppId appId, Instant appVersion, String executorId, String agentId,
                                    String host, List<Integer> ports, Instant now) {
        return new TaskRecord(taskId, appId, appVersion, executorId, agentId, host, ports, TaskState.TASK_STAGING,
                Optional.empty(), now, Optional.empty(), now, "", false);
    }

    public TaskRecord withStatus(TaskState newState, Optional<Boolean> newHealthy, String newMessage, Instant now) {
        Optional<Instant> started = startedAt.isEmpty() && newState == TaskState.TASK_RUNNING ? Optional.of(now) : startedAt;
        return new TaskRecord(taskId, appId, appVersion, executorId, agentId, host, ports, newState,
                newHealthy.or(() -> newState == TaskState.TASK_RUNNING ? healthy : Optional.empty()), stagedAt, started,
                now, newMessage, killRequested);
    }

    public TaskRecord withKillRequested() {
        return new TaskRecord(taskId, appId, appVersion, executorId, agentId, host, ports, state, healthy, stagedAt,
                startedAt, updatedAt, message, true);
    }

    public boolean isTerminal() {
        return TaskStates.isTerminal(state);
    }
}
