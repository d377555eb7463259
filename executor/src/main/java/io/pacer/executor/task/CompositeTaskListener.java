package io.pacer.executor.task;

import io.pacer.executor.health.HealthCheckResult;
import io.pacer.executor.spec.ArtifactSpec;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.workload.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Hands every task event to each of several listeners, in order. */
public record CompositeTaskListener(List<TaskListener> listeners) implements TaskListener {
    public CompositeTaskListener {
        listeners = List.copyOf(listeners);
    }

    @Override
    public void launched(TaskDescription task, Path sandbox) {
        listeners.forEach(l -> l.launched(task, sandbox));
    }

    @Override
    public void workloadStarted(String taskId, Workload workload) {
        listeners.forEach(l -> l.workloadStarted(taskId, workload));
    }

    @Override
    public void statusChanged(TaskUpdate update) {
        listeners.forEach(l -> l.statusChanged(update));
    }

    @Override
    public void healthChecked(String taskId, HealthCheckResult result) {
        listeners.forEach(l -> l.healthChecked(taskId, result));
    }

    @Override
    public void artifactStaged(String taskId, ArtifactSpec artifact, long bytes, Duration took) {
        listeners.forEach(l -> l.artifactStaged(taskId, artifact, bytes, took));
    }
}
