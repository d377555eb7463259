package io.pacer.executor.task;

import io.pacer.executor.process.RunningProcess;
import java.io.IOException;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;

/** Starts the task's command in its sandbox and reports TASK_RUNNING, with the executor endpoint's address in its labels. */
final class StartProcess implements TaskStage {
    @Override
    public Optional<TaskUpdate> run(TaskContext context) throws InterruptedException {
        if (context.killRequested().isPresent()) {
            throw new InterruptedException("killed before start");
        }
        RunningProcess process;
        try {
            process = context.runtime().launcher().launch(context.task().spec().command().argv(), context.sandbox(),
                    context.environment(), context.task().spec().logRotation());
        } catch (IOException e) {
            return Optional.of(context.update(TaskState.TASK_FAILED, "Cannot start the command: " + e.getMessage())
                    .withReason(Reason.REASON_CONTAINER_LAUNCH_FAILED));
        }
        context.process(process);
        context.send(context.update(TaskState.TASK_RUNNING, "Started process " + process.pid())
                .withLabels(context.runtime().runningLabels().get()));
        return Optional.empty();
    }
}
