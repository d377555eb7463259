package io.pacer.executor.task;

import io.pacer.executor.process.KillPolicy;
import io.pacer.executor.spec.TaskDescription;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task through its stages on a thread of its own (so that one task's slow staging or stop never holds
 * up another), then sends its one terminal update. Whatever happens, nothing the task started outlives the runner.
 */
public final class TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    private static final long STACK_BYTES = 256 * 1024;
    private static final List<TaskStage> STAGES = List.of(
            new PrepareSandbox(), new StageArtifacts(), new StartWorkload(), new StartHealthChecks(), new StartReadinessChecks(),
            new SuperviseWorkload());

    private final TaskContext context;
    private final CompletableFuture<TaskUpdate> terminal = new CompletableFuture<>();
    private final Thread thread;

    private TaskRunner(TaskDescription task, TaskRuntime runtime) {
        this.context = new TaskContext(task, runtime);
        this.thread = new Thread(null, this::run, "task-" + task.taskId(), STACK_BYTES);
        thread.setDaemon(true);
    }

    public static TaskRunner start(TaskDescription task, TaskRuntime runtime) {
        TaskRunner runner = new TaskRunner(task, runtime);
        runtime.listener().launched(task, runner.context.sandbox());
        runner.thread.start();
        return runner;
    }

    /** Completes with the terminal update once it has been handed to the listener. */
    public CompletableFuture<TaskUpdate> terminal() {
        return terminal;
    }

    /** A KILL event, with the event's own kill policy if it had one. */
    public void kill(Optional<Duration> killPolicyGracePeriod) {
        requestKill(new KillRequest(KillPolicy.choose(killPolicyGracePeriod, context.task().killGracePeriod()),
                KillRequest.Cause.KILL, Optional.empty()));
    }

    /** SHUTDOWN: as a kill, but never with a grace period longer than {@code maxGracePeriod}. */
    public void shutdown(Duration maxGracePeriod) {
        Duration grace = KillPolicy.choose(Optional.empty(), context.task().killGracePeriod()).gracePeriod();
        requestKill(new KillRequest(new KillPolicy(grace.compareTo(maxGracePeriod) > 0 ? maxGracePeriod : grace),
                KillRequest.Cause.SHUTDOWN, Optional.empty()));
    }

    /** A forced kill at once: the last resort of an executor leaving before its tasks ended. */
    public void killNow() {
        context.workload().ifPresent(workload -> workload.killNow());
    }

    private void requestKill(KillRequest request) {
        if (!context.requestKill(request)) {
            LOG.info("Task {} is already being killed", context.task().taskId());
            return;
        }
        if (context.workload().isEmpty()) {
            thread.interrupt(); // still staging or pulling: stop it
        }
    }

    private void run() {
        TaskUpdate end;
        try {
            end = runStages();
        } catch (InterruptedException e) {
            end = context.update(TaskState.TASK_KILLED, "Killed before the command started")
                    .withReason(Reason.REASON_TASK_KILLED_DURING_LAUNCH);
        } catch (RuntimeException e) {
            LOG.error("Task {} failed in the executor", context.task().taskId(), e);
            end = context.update(TaskState.TASK_FAILED, "Executor error: " + e);
        }
        cleanUp();
        context.send(end);
        terminal.complete(end);
    }

    private TaskUpdate runStages() throws InterruptedException {
        for (TaskStage stage : STAGES) {
            Optional<TaskUpdate> end = stage.run(context);
            if (end.isPresent()) {
                return end.get();
            }
        }
        throw new IllegalStateException("the last stage did not end the task");
    }

    /** After an error between start and supervision, the workload may still run; stopping an ended one is harmless. */
    private void cleanUp() {
        context.stopChecks();
        context.workload().ifPresent(workload -> {
            Thread.interrupted(); // clear a stale interrupt so that the stop below can wait
            try {
                workload.stop(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("Task {}: cannot stop {}: {}", context.task().taskId(), workload.describe(), e.toString());
            }
        });
    }
}
