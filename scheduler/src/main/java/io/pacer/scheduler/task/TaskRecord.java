package io.pacer.scheduler.task;

import io.pacer.scheduler.app.AppId;
import java.time.Instant;
import java.util.Comparator;
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
        Optional<HealthState> health,
        Instant stagedAt,
        Optional<Instant> startedAt,
        Instant updatedAt,
        String message,
        Optional<String> reason,
        boolean killRequested,
        Optional<String> executorEndpoint,
        boolean healthChecked,
        List<ReadinessResult> readiness) {

    /** Staged first, then by id: the order tasks are listed in and killSelection picks from. */
    public static final Comparator<TaskRecord> OLDEST_FIRST = Comparator.comparing(TaskRecord::stagedAt).thenComparing(TaskRecord::taskId);

    public TaskRecord {
        ports = List.copyOf(ports);
        readiness = List.copyOf(readiness);
    }

    public static TaskRecord intent(String taskId, AppId appId, Instant appVersion, String executorId, String agentId,
                                    String host, List<Integer> ports, Instant now) {
        return new TaskRecord(taskId, appId, appVersion, executorId, agentId, host, ports, TaskState.TASK_STAGING,
                Optional.empty(), now, Optional.empty(), now, "", Optional.empty(), false, Optional.empty(), false, List.of());
    }

    /**
     * The record after a status update; a health result updates the health summary, other updates keep it. The
     * message and reason are the update's own: an update without a reason clears the last one.
     */
    public TaskRecord withStatus(TaskState newState, Optional<Boolean> healthResult, String newMessage,
                                 Optional<String> newReason, Instant now) {
        Optional<Instant> started = startedAt.isEmpty() && newState == TaskState.TASK_RUNNING ? Optional.of(now) : startedAt;
        Optional<HealthState> newHealth = healthResult
                .map(h -> health.orElse(HealthState.UNKNOWN).next(h, newMessage, now))
                .or(() -> health);
        return new TaskRecord(taskId, appId, appVersion, executorId, agentId, host, ports, newState, newHealth, stagedAt,
                started, now, newMessage, newReason, killRequested, executorEndpoint, healthChecked, readiness);
    }

    /** The address of the executor's own HTTP endpoint (/health, /tasks/ID, /metrics), as it reported it. */
    public TaskRecord withExecutorEndpoint(String address) {
        return new TaskRecord(taskId, appId, appVersion, executorId, agentId, host, ports, state, health, stagedAt,
                startedAt, updatedAt, message, reason, killRequested, Optional.of(address), healthChecked, readiness);
    }

    public TaskRecord withKillRequested() {
        return new TaskRecord(taskId, appId, appVersion, executorId, agentId, host, ports, state, health, stagedAt,
                startedAt, updatedAt, message, reason, true, executorEndpoint, healthChecked, readiness);
    }

    /**
     * At launch: the task is health-checked (its app had health checks then), so it serves only once a check said
     * healthy. Kept with the task rather than read from its app, whose checks a later change may add or remove: an old
     * task launched without checks is not taken for an unhealthy one (and killed at once) when a new version adds them.
     */
    public TaskRecord healthCheckedFromLaunch(boolean checked) {
        return new TaskRecord(taskId, appId, appVersion, executorId, agentId, host, ports, state, health, stagedAt,
                startedAt, updatedAt, message, reason, killRequested, executorEndpoint, checked, readiness);
    }

    /** Running, healthy when it is health-checked, past the readiness checks it was launched with: it serves. */
    public boolean serves() {
        return state == TaskState.TASK_RUNNING && (!healthChecked || healthy().orElse(false)) && readinessPassed();
    }

    /** At launch: the task must pass these readiness checks (its app's, by name) before it counts as ready. */
    public TaskRecord awaitingReadiness(List<String> checkNames) {
        return withReadiness(checkNames.stream().map(ReadinessResult::pending).toList());
    }

    /**
     * A result its executor reported, replacing the check's last one; a check that was ready stays ready (the
     * executor stops checking then, as Marathon's ReadinessCheckExecutor does). A check the task was not launched
     * with is ignored.
     */
    public TaskRecord withReadinessResult(ReadinessResult result) {
        return withReadiness(readiness.stream()
                .map(r -> r.name().equals(result.name()) && !r.ready() ? result : r).toList());
    }

    /** Every readiness check it was launched with has passed (true when it has none). */
    public boolean readinessPassed() {
        return readiness.stream().allMatch(ReadinessResult::ready);
    }

    private TaskRecord withReadiness(List<ReadinessResult> value) {
        return new TaskRecord(taskId, appId, appVersion, executorId, agentId, host, ports, state, health, stagedAt,
                startedAt, updatedAt, message, reason, killRequested, executorEndpoint, healthChecked, value);
    }

    /** Healthy by its last check result; empty while it has none. */
    public Optional<Boolean> healthy() {
        return health.map(HealthState::alive);
    }

    /**
     * Whether the task counts toward its app's instances: not being killed and not unreachable (an unreachable
     * task is replaced; if it comes back, scaling down removes the extra).
     */
    public boolean countsTowardApp() {
        return !killRequested && state != TaskState.TASK_UNREACHABLE;
    }
}
