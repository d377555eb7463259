package io.pacer.executor.task;

import io.pacer.executor.process.ExitStatus;
import io.pacer.executor.workload.Workload;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;

/**
 * Waits for the workload to exit or for a kill. An exit ends TASK_FINISHED (status 0) or TASK_FAILED (with
 * REASON_CONTAINER_LIMITATION_MEMORY and the memory isolator's message when the OOM killer struck in it); a kill sends TASK_KILLING (when the
 * framework can take it), stops the workload under the kill policy and ends TASK_KILLED, with {@code healthy=false}
 * when failed health checks asked for it (as src/launcher/executor.cpp).
 */
final class SuperviseWorkload implements TaskStage {
    @Override
    public Optional<TaskUpdate> run(TaskContext context) throws InterruptedException {
        Workload workload = context.workload().orElseThrow();
        try {
            CompletableFuture.anyOf(workload.exited(), context.killRequest()).get();
        } catch (InterruptedException e) {
            // A kill that raced the start interrupted this thread; its request is already set and handled below.
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for " + workload.describe() + " failed", e);
        }
        context.stopChecks();
        Optional<KillRequest> kill = context.killRequested();
        if (kill.isEmpty()) {
            ExitStatus status = workload.finish();
            if (status.memoryLimitation().isPresent()) {
                return Optional.of(context.update(TaskState.TASK_FAILED, status.memoryLimitation().get().message())
                        .withReason(Reason.REASON_CONTAINER_LIMITATION_MEMORY));
            }
            return Optional.of(context.update(status.succeeded() ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED,
                    "Command " + status.describe()));
        }
        if (context.runtime().taskKillingState()) {
            context.send(context.update(TaskState.TASK_KILLING, "Killing the task: SIGTERM, then SIGKILL after "
                    + kill.get().policy().gracePeriod().toMillis() + " ms"));
        }
        ExitStatus status = workload.stop(kill.get().policy().gracePeriod());
        if (kill.get().cause() == KillRequest.Cause.HEALTH_CHECK) {
            return Optional.of(context.update(TaskState.TASK_KILLED, "Killed because the "
                    + kill.get().healthFailure().orElse("health check failed") + "; command " + status.describe()).withHealthy(false));
        }
        return Optional.of(context.update(TaskState.TASK_KILLED, "Command " + status.describe()));
    }
}
