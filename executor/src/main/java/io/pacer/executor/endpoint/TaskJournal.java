package io.pacer.executor.endpoint;

import io.pacer.executor.health.HealthCheckResult;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.task.TaskListener;
import io.pacer.executor.task.TaskUpdate;
import io.pacer.executor.workload.Workload;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the executor endpoint shows: every task this executor ran, its state history and its recent health
 * results. Ended tasks are kept (the executor's life is short), their histories bounded.
 */
public final class TaskJournal implements TaskListener {
    static final int HEALTH_HISTORY = 50;
    static final int STATE_HISTORY = 100;
    /** Ended tasks beyond this many are forgotten, oldest first. */
    static final int ENDED_TASKS = 100;

    /** One state change as reported. */
    public record StateChange(Instant at, TaskUpdate update) {
    }

    /**
     * One task's record, copied out for reading.
     *
     * @param workload its process or container while it runs (asked for its usage when shown)
     */
    public record TaskRecord(TaskDescription task, Path sandbox, List<StateChange> states, List<HealthCheckResult> health,
                             Optional<Workload> workload) {
        public Optional<StateChange> lastState() {
            return states.isEmpty() ? Optional.empty() : Optional.of(states.get(states.size() - 1));
        }

        public Optional<HealthCheckResult> lastHealth() {
            return health.isEmpty() ? Optional.empty() : Optional.of(health.get(health.size() - 1));
        }
    }

    private final Map<String, Entry> tasks = new LinkedHashMap<>();

    @Override
    public synchronized void launched(TaskDescription task, Path sandbox) {
        tasks.put(task.taskId(), new Entry(task, sandbox));
        List<String> ended = tasks.values().stream().filter(Entry::hasEnded).map(e -> e.task.taskId()).toList();
        ended.subList(0, Math.max(0, ended.size() - ENDED_TASKS)).forEach(tasks::remove);
    }

    @Override
    public synchronized void workloadStarted(String taskId, Workload workload) {
        Entry entry = tasks.get(taskId);
        if (entry != null) {
            entry.workload = workload;
        }
    }

    @Override
    public synchronized void statusChanged(TaskUpdate update) {
        Entry entry = tasks.get(update.taskId());
        if (entry != null) {
            add(entry.states, new StateChange(Instant.now(), update), STATE_HISTORY);
            if (update.isTerminal()) {
                entry.workload = null;
            }
        }
    }

    @Override
    public synchronized void healthChecked(String taskId, HealthCheckResult result) {
        Entry entry = tasks.get(taskId);
        if (entry != null) {
            add(entry.health, result, HEALTH_HISTORY);
        }
    }

    public synchronized List<TaskRecord> all() {
        return tasks.values().stream().map(Entry::copy).toList();
    }

    public synchronized Optional<TaskRecord> find(String taskId) {
        return Optional.ofNullable(tasks.get(taskId)).map(Entry::copy);
    }

    private static <T> void add(Deque<T> history, T item, int limit) {
        history.addLast(item);
        if (history.size() > limit) {
            history.removeFirst();
        }
    }

    private static final class Entry {
        final TaskDescription task;
        final Path sandbox;
        final Deque<StateChange> states = new ArrayDeque<>();
        final Deque<HealthCheckResult> health = new ArrayDeque<>();
        Workload workload;

        Entry(TaskDescription task, Path sandbox) {
            this.task = task;
            this.sandbox = sandbox;
        }

        boolean hasEnded() {
            return !states.isEmpty() && states.getLast().update().isTerminal();
        }

        TaskRecord copy() {
            return new TaskRecord(task, sandbox, new ArrayList<>(states), new ArrayList<>(health), Optional.ofNullable(workload));
        }
    }
}
