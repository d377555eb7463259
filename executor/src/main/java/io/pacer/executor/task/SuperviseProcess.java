package io.pacer.executor.task;

import io.pacer.executor.health.HealthCheckSchedule;
import io.pacer.executor.process.ExitStatus;
import io.pacer.executor.process.RunningProcess;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * Waits for the process to exit or for a kill. An exit ends TASK_FINISHED (status 0) or TASK_FAILED; a kill sends
 * TASK_KILLING (when the framework can take it), stops the whole session under the kill policy and ends
 * TASK_KILLED, with {@code healthy=false} when failed health checks asked for it (as src/launcher/executor.cpp).
 */
final class SuperviseProcess implements TaskStage {
    @Override
    public Optional<TaskUpdate> run(TaskContext context) throws InterruptedException {
        RunningProcess process = context.process().orElseThrow();
        try {
            CompletableFuture.anyOf(process.leaderExit(), context.killRequest()).get();
        } catch (InterruptedException e) {
            // A kill that raced the start interrupted this thread; its request is already set and handled below.
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for process " + process.pid() + " failed", e);
        }
        context.healthChecks().ifPresent(HealthCheckSchedule::stop);
        Optional<KillRequest> kill = context.killRequested();
        if (kill.isEmpty()) {
            ExitStatus status = process.finish();
            return Optional.of(context.update(status.succeeded() ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED,
                    "Command " + status.describe()));
        }
        if (context.runtime().taskKillingState()) {
            context.send(context.update(TaskState.TASK_KILLING, "Killing the task: SIGTERM, then SIGKILL after "
                    + kill.get().policy().gracePeriod().toMillis() + " ms"));
        }
        ExitStatus status = process.stop(kill.get().policy().gracePeriod());
        if (kill.get().cause() == KillRequest.Cause.HEALTH_CHECK) {
            return Optional.of(context.update(TaskState.TASK_KILLED, "Killed because the "
                    + kill.get().healthFailure().orElse("health check failed") + "; command " + status.describe()).withHealthy(false));
        }
        return Optional.of(context.update(TaskState.TASK_KILLED, "Command " + status.describe()));
    }
}
