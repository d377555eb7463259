package io.pacer.executor.task;

import io.pacer.executor.workload.LaunchException;
import io.pacer.executor.workload.Workload;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;

/**
 * Starts the task's process or container in its sandbox and reports TASK_RUNNING, with the executor endpoint's
 * address in its labels; a long start (an image pull) reports its progress as TASK_STARTING messages.
 */
final class StartWorkload implements TaskStage {
    @Override
    public Optional<TaskUpdate> run(TaskContext context) throws InterruptedException {
        if (context.killRequested().isPresent()) {
            throw new InterruptedException("killed before start");
        }
        Workload workload;
        try {
            workload = context.runtime().workloads().forTask(context.task()).launch(context.task(), context.sandbox(),
                    context.environment(), message -> context.send(context.update(TaskState.TASK_STARTING, message)));
        } catch (LaunchException e) {
            return Optional.of(context.update(TaskState.TASK_FAILED, e.getMessage())
                    .withReason(Reason.REASON_CONTAINER_LAUNCH_FAILED));
        }
        context.workload(workload);
        context.runtime().listener().workloadStarted(context.task().taskId(), workload);
        context.send(context.update(TaskState.TASK_RUNNING, "Started " + workload.describe())
                .withLabels(context.runtime().runningLabels().get()));
        return Optional.empty();
    }
}
