package io.pacer.executor.isolation;

import io.pacer.cgroups.Cgroup;
import io.pacer.cgroups.MemoryLimitation;
import io.pacer.cgroups.MesosLimits;
import io.pacer.cgroups.ResourceUsage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** One process task's own cgroup: its limits, its OOM kills, its usage, and its end with everything in it. */
public final class TaskCgroup {
    private final Cgroup cgroup;
    private final double cpus;
    private final double memMegabytes;
    private final Consumer<TaskCgroup> onDestroy;
    private final CompletableFuture<MemoryLimitation> memoryLimitation = new CompletableFuture<>();

    TaskCgroup(Cgroup cgroup, double cpus, double memMegabytes, Consumer<TaskCgroup> onDestroy) {
        this.cgroup = cgroup;
        this.cpus = cpus;
        this.memMegabytes = memMegabytes;
        this.onDestroy = onDestroy;
    }

    /** The command that runs {@code argv} in this cgroup. */
    public List<String> enter(List<String> argv) {
        return cgroup.enter(argv);
    }

    /**
     * Completes once the OOM killer struck in it. Mesos then destroys the whole container (here: the task), even
     * when the process killed was not the task's main one.
     */
    public CompletableFuture<MemoryLimitation> memoryLimitation() {
        return memoryLimitation;
    }

    void checkMemory() {
        if (!memoryLimitation.isDone()) {
            cgroup.memoryLimitation().ifPresent(memoryLimitation::complete);
        }
    }

    /** Its limits with what it uses now; empty once it is gone. */
    public Optional<ResourceUsage> usage() {
        try {
            return Optional.of(cgroup.usage());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public double cpus() {
        return cpus;
    }

    /** The memory limit as set: the task's mem, but never under Mesos's minimum of 32 MB. */
    public long memLimitBytes() {
        return MesosLimits.memoryBytes(memMegabytes);
    }

    /** Kills everything in it (whatever forked or setsid'd away) and removes it; first looks once more for an OOM kill. */
    public void destroy() {
        checkMemory();
        onDestroy.accept(this);
        cgroup.destroy();
    }

    @Override
    public String toString() {
        return cgroup.toString();
    }
}
