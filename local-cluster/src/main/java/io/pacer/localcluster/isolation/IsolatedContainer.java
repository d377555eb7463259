package io.pacer.localcluster.isolation;

import io.pacer.cgroups.MemoryLimitation;
import io.pacer.cgroups.ResourceUsage;
import java.util.List;
import java.util.Optional;

/** One executor container as its isolator keeps it: how its process enters it, its limits, its end. */
public interface IsolatedContainer {
    /** No isolation: the command runs as it is, nothing is limited or followed (Mesos's posix isolators). */
    IsolatedContainer NONE = new IsolatedContainer() {
        @Override
        public List<String> wrap(List<String> argv) {
            return argv;
        }

        @Override
        public void update(double cpus, double memMegabytes) {
        }

        @Override
        public Optional<MemoryLimitation> memoryLimitation() {
            return Optional.empty();
        }

        @Override
        public Optional<ResourceUsage> usage() {
            return Optional.empty();
        }

        @Override
        public void destroy() {
        }
    };

    /** The command that runs {@code argv} inside the container (the process enters it before it execs). */
    List<String> wrap(List<String> argv);

    /** Sets the limits to the executor's plus its tasks' resources, as the containerizer's {@code update} does. */
    void update(double cpus, double memMegabytes);

    /** Once the container ran out of memory: what Mesos's memory isolator says of it. */
    Optional<MemoryLimitation> memoryLimitation();

    /** What it uses now, where its isolation keeps the count (the agent reads /proc otherwise). */
    Optional<ResourceUsage> usage();

    /** Kills every process in the container, whatever it did (setsid, double fork), and removes what it held. */
    void destroy();
}
