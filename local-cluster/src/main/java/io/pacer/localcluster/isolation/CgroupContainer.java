package io.pacer.localcluster.isolation;

import io.pacer.cgroups.Cgroup;
import io.pacer.cgroups.MemoryLimitation;
import io.pacer.cgroups.ResourceUsage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor container as Mesos's cgroups isolators and Linux launcher make it: its own {@link Cgroup} at
 * {@code pacer/<agent id>/<container id>}, which the executor's process enters before it execs, so that everything
 * it ever forks (and every per-task cgroup it nests in it) is in it.
 */
final class CgroupContainer implements IsolatedContainer {
    private static final Logger LOG = LoggerFactory.getLogger(CgroupContainer.class);

    private final Cgroup cgroup;
    private final boolean enableCfs;

    CgroupContainer(Cgroup cgroup, boolean enableCfs) {
        this.cgroup = cgroup;
        this.enableCfs = enableCfs;
    }

    void create() throws IOException {
        cgroup.create();
    }

    @Override
    public List<String> wrap(List<String> argv) {
        return cgroup.enter(argv);
    }

    @Override
    public void update(double cpus, double memMegabytes) {
        try {
            cgroup.limit(cpus, memMegabytes, enableCfs);
        } catch (IOException e) {
            LOG.warn("Cannot set the limits of {} to cpus {} and mem {} MB: {}", cgroup, cpus, memMegabytes, e.toString());
        }
    }

    @Override
    public Optional<MemoryLimitation> memoryLimitation() {
        return cgroup.memoryLimitation();
    }

    @Override
    public Optional<ResourceUsage> usage() {
        try {
            return Optional.of(cgroup.usage());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // destroyed meanwhile
        }
    }

    @Override
    public void destroy() {
        cgroup.destroy();
    }

    @Override
    public String toString() {
        return cgroup.toString();
    }
}
