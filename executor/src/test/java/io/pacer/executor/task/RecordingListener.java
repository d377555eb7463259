package io.pacer.executor.task;

import io.pacer.executor.health.HealthCheckResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.TaskState;

/** Keeps every update and health result, and lets a test wait for one. */
final class RecordingListener implements TaskListener {
    final List<TaskUpdate> updates = new CopyOnWriteArrayList<>();
    final List<HealthCheckResult> healthResults = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void statusChanged(TaskUpdate update) {
        updates.add(update);
        notifyAll();
    }

    @Override
    public synchronized void healthChecked(String taskId, HealthCheckResult result) {
        healthResults.add(result);
        notifyAll();
    }

    List<TaskUpdate> of(String taskId) {
        return updates.stream().filter(u -> u.taskId().equals(taskId)).toList();
    }

    List<TaskState> statesOf(String taskId) {
        return of(taskId).stream().map(TaskUpdate::state).toList();
    }

    synchronized TaskUpdate await(Predicate<TaskUpdate> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (TaskUpdate u : updates) {
                if (condition.test(u)) {
                    return u;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching update within " + timeout.toMillis() + " ms; got " + updates);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
