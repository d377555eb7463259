package io.pacer.executor.task;

import io.pacer.executor.health.HealthCheckSchedule;
import io.pacer.executor.readiness.ReadinessChecker;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.workload.Workload;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.mesos.v1.Protos.TaskState;

/** One task's state as its stages build it up; the kill request may arrive from any thread at any time. */
final class TaskContext {
    private final TaskDescription task;
    private final TaskRuntime runtime;
    private final Path sandbox;
    private final CompletableFuture<KillRequest> killRequest = new CompletableFuture<>();
    private Map<String, String> environment = Map.of();
    private volatile Workload workload;
    private volatile HealthCheckSchedule healthChecks;
    private final List<ReadinessChecker> readinessChecks = new CopyOnWriteArrayList<>();

    TaskContext(TaskDescription task, TaskRuntime runtime) {
        this.task = task;
        this.runtime = runtime;
        // A task id may hold characters a file name cannot.
        this.sandbox = runtime.sandboxRoot().resolve("tasks").resolve(task.taskId().replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    TaskDescription task() {
        return task;
    }

    TaskRuntime runtime() {
        return runtime;
    }

    Path sandbox() {
        return sandbox;
    }

    void send(TaskUpdate update) {
        runtime.listener().statusChanged(update);
    }

    TaskUpdate update(TaskState state, String message) {
        return TaskUpdate.of(task.taskId(), state, message);
    }

    Map<String, String> environment() {
        return environment;
    }

    void environment(Map<String, String> value) {
        environment = Map.copyOf(value);
    }

    /** Completes with the first kill request; later ones are ignored. */
    CompletableFuture<KillRequest> killRequest() {
        return killRequest;
    }

    /** Check updates and the kill request exclude each other, so that no health or readiness update follows the kill. */
    synchronized boolean requestKill(KillRequest request) {
        return killRequest.complete(request);
    }

    /** Sends a health or readiness update unless the task is being killed (Mesos stops reporting health then, too). */
    synchronized void sendCheckUpdate(TaskUpdate update) {
        if (!killRequest.isDone()) {
            send(update);
        }
    }

    Optional<KillRequest> killRequested() {
        return Optional.ofNullable(killRequest.getNow(null));
    }

    Optional<Workload> workload() {
        return Optional.ofNullable(workload);
    }

    void workload(Workload value) {
        workload = value;
    }

    Optional<HealthCheckSchedule> healthChecks() {
        return Optional.ofNullable(healthChecks);
    }

    void healthChecks(HealthCheckSchedule value) {
        healthChecks = value;
    }

    void readinessCheck(ReadinessChecker value) {
        readinessChecks.add(value);
    }

    /** The task is being stopped or has ended: no health or readiness check starts after this. */
    void stopChecks() {
        healthChecks().ifPresent(HealthCheckSchedule::stop);
        readinessChecks.forEach(ReadinessChecker::stop);
    }
}
