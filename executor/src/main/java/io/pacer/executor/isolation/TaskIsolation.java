package io.pacer.executor.isolation;

import io.pacer.cgroups.Cgroup;
import io.pacer.cgroups.CgroupHierarchies;
import io.pacer.cgroups.Found;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-task isolation inside the executor's container: where the executor's own cgroup is writable (on the local
 * cluster it is), each process task runs in a cgroup nested in it with the task's own {@code mem} and {@code cpus},
 * so that a task over its memory is killed alone while the executor's other tasks go on. Elsewhere (a real Mesos
 * agent that delegates no cgroup to its executors) tasks run as process sessions sharing the executor's limits.
 */
public final class TaskIsolation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskIsolation.class);
    /**
     * How often task cgroups are asked whether the OOM killer struck (Mesos is told through eventfd; Java has none).
     * A task's own exit is looked at on the spot; this catches an OOM kill of another of its processes. Every 250 ms
     * cost each idle executor ~0.2 % of a core (docs/executor.md).
     */
    static final Duration MEMORY_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final Optional<Cgroup> executorCgroup;
    private final String unavailable;
    private final boolean cfsQuota;
    private final Map<TaskCgroup, Boolean> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService memoryChecks;

    private TaskIsolation(Optional<Cgroup> executorCgroup, String unavailable) {
        this.executorCgroup = executorCgroup;
        this.unavailable = unavailable;
        // The agent gives the container a CFS quota only when asked to (--cgroups-enable-cfs); its tasks follow.
        this.cfsQuota = executorCgroup.map(Cgroup::hasCfsQuota).orElse(false);
        this.memoryChecks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "task-memory-check");
            t.setDaemon(true);
            return t;
        });
        if (executorCgroup.isPresent()) {
            memoryChecks.scheduleWithFixedDelay(this::checkMemory, MEMORY_CHECK_INTERVAL.toMillis(),
                    MEMORY_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Finds the executor's own cgroups and tries nesting one in them; says in the log once what it found. */
    public static TaskIsolation detect() {
        Found<CgroupHierarchies> hierarchies = CgroupHierarchies.detect(Path.of("/proc/self/mounts"));
        Found<Cgroup> own = hierarchies.value().map(h -> h.own(Path.of("/proc/self/cgroup")))
                .orElse(new Found<>(Optional.empty(), hierarchies.why()));
        Optional<String> why = own.value().isPresent() ? tryNesting(own.value().get()) : Optional.of(own.why());
        if (why.isPresent()) {
            LOG.info("Process tasks share the executor's limits, without a cgroup of their own: {}", why.get());
            return new TaskIsolation(Optional.empty(), why.get());
        }
        LOG.info("Process tasks each run in a cgroup of their own, nested in the executor's {}", own.value().get());
        return within(own.value().get());
    }

    /** Per-task cgroups nested in {@code executorCgroup}, which must exist and be writable. */
    public static TaskIsolation within(Cgroup executorCgroup) {
        return new TaskIsolation(Optional.of(executorCgroup), "");
    }

    /** Without per-task cgroups, for {@code why} (tests; executors that must not nest). */
    public static TaskIsolation unavailable(String why) {
        return new TaskIsolation(Optional.empty(), why);
    }

    private static Optional<String> tryNesting(Cgroup own) {
        Cgroup probe = own.child("pacer-probe-" + ProcessHandle.current().pid());
        try {
            probe.create();
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot create cgroups in the executor's own (" + e + ")");
        } finally {
            probe.destroy();
        }
    }

    /** Why process tasks have no cgroup of their own, when they have not; for the tasks' first TASK_STARTING. */
    public Optional<String> whyUnavailable() {
        return executorCgroup.isPresent() ? Optional.empty() : Optional.of(unavailable);
    }

    /**
     * A new cgroup for the task, limited to its resources as the agent limits a container; empty without per-task
     * cgroups. The cgroup is watched for the OOM killer from now until it is destroyed.
     */
    public Optional<TaskCgroup> create(String taskId, double cpus, double memMegabytes) throws IOException {
        if (executorCgroup.isEmpty()) {
            return Optional.empty();
        }
        Cgroup cgroup = executorCgroup.get().child("task-" + taskId.replaceAll("[^A-Za-z0-9._-]", "_"));
        cgroup.create();
        TaskCgroup task = new TaskCgroup(cgroup, cpus, memMegabytes, watched::remove);
        try {
            cgroup.limit(cpus, memMegabytes, cfsQuota);
        } catch (IOException e) {
            task.destroy();
            throw e;
        }
        watched.put(task, Boolean.TRUE);
        return Optional.of(task);
    }

    private void checkMemory() {
        watched.keySet().forEach(TaskCgroup::checkMemory);
    }

    @Override
    public void close() {
        memoryChecks.shutdownNow();
    }
}
