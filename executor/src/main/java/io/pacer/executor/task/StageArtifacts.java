package io.pacer.executor.task;

import io.pacer.executor.spec.ArtifactSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;

/**
 * Reports TASK_STARTING and stages the artifacts, passing staging's progress on as further TASK_STARTING
 * messages, at most one a second (each update travels to the scheduler and waits for its acknowledgement).
 */
final class StageArtifacts implements TaskStage {
    private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    @Override
    public Optional<TaskUpdate> run(TaskContext context) throws InterruptedException {
        List<ArtifactSpec> artifacts = context.task().spec().artifacts();
        context.send(context.update(TaskState.TASK_STARTING,
                (artifacts.isEmpty() ? "Starting" : "Staging " + artifacts.size() + " artifact(s)") + isolationNote(context)));
        if (artifacts.isEmpty()) {
            return Optional.empty();
        }
        String taskId = context.task().taskId();
        long started = System.nanoTime();
        try {
            context.runtime().artifacts().stage(artifacts, context.sandbox(), new ArtifactStage.Progress() {
                private long lastSentNanos = System.nanoTime();
                private long lastStagedNanos = started;

                @Override
                public void message(String text) {
                    long now = System.nanoTime();
                    if (now - lastSentNanos >= PROGRESS_EVERY_NANOS) {
                        lastSentNanos = now;
                        context.send(context.update(TaskState.TASK_STARTING, text));
                    }
                }

                @Override
                public void staged(ArtifactSpec artifact, long bytes) {
                    long now = System.nanoTime();
                    context.runtime().listener().artifactStaged(taskId, artifact, bytes, Duration.ofNanos(now - lastStagedNanos));
                    lastStagedNanos = now;
                }
            });
        } catch (ArtifactStageException e) {
            return Optional.of(context.update(TaskState.TASK_FAILED,
                            "Staging artifact " + e.artifact().uri() + " failed: " + e.getMessage())
                    .withReason(Reason.REASON_CONTAINER_LAUNCH_FAILED));
        }
        return Optional.empty();
    }

    /** A process task that cannot have a cgroup of its own says so from the start: its mem is not its own limit. */
    private static String isolationNote(TaskContext context) {
        if (context.task().container().isPresent() || context.runtime().noTaskCgroups().isEmpty()) {
            return "";
        }
        return " (without a cgroup of its own: its cpus and mem are not enforced apart from the executor's, as "
                + context.runtime().noTaskCgroups().get() + ")";
    }
}
