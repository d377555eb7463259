package io.pacer.executor.workload;

import io.pacer.executor.spec.TaskDescription;
import java.util.function.Supplier;

/** Picks the launcher for a task: a container when its TaskInfo has one, a process otherwise. */
public final class Workloads {
    private final WorkloadLauncher processes;
    private final Supplier<WorkloadLauncher> containers;

    /** @param containers asked only when a container task comes, so that nothing Docker loads before */
    public Workloads(WorkloadLauncher processes, Supplier<WorkloadLauncher> containers) {
        this.processes = processes;
        this.containers = containers;
    }

    public WorkloadLauncher forTask(TaskDescription task) {
        return task.container().isPresent() ? containers.get() : processes;
    }
}
