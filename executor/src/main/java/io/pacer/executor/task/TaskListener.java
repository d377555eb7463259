package io.pacer.executor.task;

import io.pacer.executor.health.HealthCheckResult;
import io.pacer.executor.spec.ArtifactSpec;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.workload.Workload;
import java.nio.file.Path;
import java.time.Duration;

/** Hears what a {@link TaskRunner} does. Called from the task's own threads; implementations must be thread-safe. */
public interface TaskListener {
    /** A runner took the task on; {@code sandbox} is its folder. */
    default void launched(TaskDescription task, Path sandbox) {
    }

    /** The task's process or container started; it can be asked for its usage until the task ends. */
    default void workloadStarted(String taskId, Workload workload) {
    }

    /** A state change to report to Mesos, in order per task. */
    void statusChanged(TaskUpdate update);

    /** Every health check result, reported to Mesos or not (for the endpoint and metrics). */
    default void healthChecked(String taskId, HealthCheckResult result) {
    }

    /** An artifact is in the sandbox. */
    default void artifactStaged(String taskId, ArtifactSpec artifact, long bytes, Duration took) {
    }
}
