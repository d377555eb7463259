package io.pacer.executor.task;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;

/** Creates the task's own folder in the executor's sandbox and works out its environment. */
final class PrepareSandbox implements TaskStage {
    @Override
    public Optional<TaskUpdate> run(TaskContext context) {
        try {
            Files.createDirectories(context.sandbox());
        } catch (IOException e) {
            return Optional.of(context.update(TaskState.TASK_FAILED, "Cannot create the task's sandbox " + context.sandbox() + ": " + e)
                    .withReason(Reason.REASON_CONTAINER_LAUNCH_FAILED));
        }
        context.environment(context.task().container().isPresent()
                ? context.runtime().environment().forContainer(context.task())
                : context.runtime().environment().forTask(context.task(), context.sandbox()));
        return Optional.empty();
    }
}
