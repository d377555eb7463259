package io.pacer.executor.task;

import io.pacer.executor.health.HealthCheckSchedule;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.workload.Workload;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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

    /** Health updates and the kill request exclude each other, so that no health update follows the kill. */
    synchronized boolean requestKill(KillRequest request) {
        return killRequest.complete(request);
    }

    /** Sends a health update unless the task is being killed (Mesos stops reporting health then, too). */
    synchronized void sendHealthUpdate(TaskUpdate update) {
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
}
