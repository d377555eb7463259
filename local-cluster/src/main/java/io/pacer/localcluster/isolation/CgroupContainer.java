package io.pacer.localcluster.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor container as Mesos's cgroups isolators and Linux launcher make it
 * (src/slave/containerizer/mesos/isolators/cgroups/subsystems/{memory,cpu}.cpp, linux_launcher.cpp): one cgroup
 * per hierarchy at {@code pacer/<agent id>/<container id>}, which the executor's process enters before it execs,
 * so that everything it ever forks is in it.
 */
final class CgroupContainer implements IsolatedContainer {
    private static final Logger LOG = LoggerFactory.getLogger(CgroupContainer.class);
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");
    /** src/slave/containerizer/mesos/isolators/cgroups/constants.hpp. */
    static final long MIN_MEMORY_BYTES = 32L << 20;
    static final long CPU_SHARES_PER_CPU = 1024;
    static final long MIN_CPU_SHARES = 2;
    static final long CPU_CFS_PERIOD_US = 100_000;
    static final long MIN_CPU_CFS_QUOTA_US = 1_000;
    /** What memory.limit_in_bytes reads when no limit was set (the kernel's page-counter maximum, about 2^63). */
    private static final long UNLIMITED_BYTES = 1L << 62;
    private static final long FREEZE_WAIT_MILLIS = 1_000;
    private static final long EMPTY_WAIT_MILLIS = 5_000;

    private final CgroupHierarchies hierarchies;
    private final Path relative;
    private final boolean enableCfs;

    private CgroupContainer(CgroupHierarchies hierarchies, Path relative, boolean enableCfs) {
        this.hierarchies = hierarchies;
        this.relative = relative;
        this.enableCfs = enableCfs;
    }

    /** The container's cgroups, not created: for one that exists already (recovery) or is about to be. */
    static CgroupContainer at(CgroupHierarchies hierarchies, String agentId, String containerId, boolean enableCfs) {
        for (String id : List.of(agentId, containerId)) {
            if (!SAFE.matcher(id).matches()) {
                throw new IllegalArgumentException("not usable in a cgroup path: '" + id + "'");
            }
        }
        return new CgroupContainer(hierarchies, Path.of(CgroupHierarchies.ROOT, agentId, containerId), enableCfs);
    }

    void create() throws IOException {
        for (Path directory : hierarchies.directories()) {
            Files.createDirectories(directory.resolve(relative));
        }
    }

    private Path cgroup(String subsystem) {
        return hierarchies.mount(subsystem).orElseThrow().resolve(relative);
    }

    @Override
    public List<String> wrap(List<String> argv) {
        StringBuilder script = new StringBuilder("for procs in");
        for (Path directory : hierarchies.directories()) {
            script.append(" '").append(directory.resolve(relative).resolve("cgroup.procs")).append('\'');
        }
        // The shell enters every cgroup with its own pid, then becomes the executor: nothing runs outside them.
        script.append("; do echo $$ > \"$procs\" || exit 127; done; exec \"$@\"");
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", script.toString(), "pacer-isolate"));
        wrapped.addAll(argv);
        return wrapped;
    }

    @Override
    public void update(double cpus, double memMegabytes) {
        long memory = Math.max((long) (memMegabytes * (1 << 20)), MIN_MEMORY_BYTES);
        long shares = Math.max((long) (CPU_SHARES_PER_CPU * cpus), MIN_CPU_SHARES);
        try {
            Path memoryCgroup = cgroup("memory");
            write(memoryCgroup.resolve("memory.soft_limit_in_bytes"), memory);
            // As Mesos (memory.cpp update): the hard limit is set the first time and raised, never lowered, since
            // lowering it under what is in use would bring on the OOM killer; a smaller reservation lowers the soft one.
            long hard = read(memoryCgroup.resolve("memory.limit_in_bytes"));
            if (hard >= UNLIMITED_BYTES || memory > hard) {
                write(memoryCgroup.resolve("memory.limit_in_bytes"), memory);
            }
            write(cgroup("cpu").resolve("cpu.shares"), shares);
            if (enableCfs) {
                write(cgroup("cpu").resolve("cpu.cfs_period_us"), CPU_CFS_PERIOD_US);
                write(cgroup("cpu").resolve("cpu.cfs_quota_us"), Math.max((long) (CPU_CFS_PERIOD_US * cpus), MIN_CPU_CFS_QUOTA_US));
            }
        } catch (IOException e) {
            // e.g. a lower limit than what is in use already: the kernel refuses it, the old one stays
            LOG.warn("Cannot set the limits of {} to cpus {} and mem {} MB: {}", relative, cpus, memMegabytes, e.toString());
        }
    }

    @Override
    public Optional<String> memoryLimitation() {
        Path memory = cgroup("memory");
        try {
            long kills = Files.readAllLines(memory.resolve("memory.oom_control")).stream()
                    .filter(l -> l.startsWith("oom_kill ")).mapToLong(l -> Long.parseLong(l.substring(9).trim())).sum();
            if (kills == 0) {
                return Optional.empty();
            }
            // Mesos's memory isolator (oomWaited), word for word in shape.
            return Optional.of("Memory limit exceeded: Requested: " + MesosBytes.format(read(memory.resolve("memory.limit_in_bytes")))
                    + " Maximum Used: " + MesosBytes.format(read(memory.resolve("memory.max_usage_in_bytes"))) + "\n"
                    + "\nMEMORY STATISTICS: \n" + Files.readString(memory.resolve("memory.stat")) + "\n");
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // destroyed meanwhile
        }
    }

    /** Freeze, SIGKILL every member, thaw (linux_launcher.cpp destroy via cgroups::destroy), then remove the cgroups. */
    @Override
    public void destroy() {
        Path freezer = cgroup("freezer");
        if (Files.isDirectory(freezer)) {
            long deadline = System.currentTimeMillis() + EMPTY_WAIT_MILLIS;
            List<Long> members = members(freezer);
            while (!members.isEmpty() && System.currentTimeMillis() < deadline) {
                freeze(freezer);
                members.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                writeQuietly(freezer.resolve("freezer.state"), "THAWED");
                pause();
                members = members(freezer);
            }
            if (!members.isEmpty()) {
                LOG.warn("Processes {} of {} did not die; its cgroups stay", members, relative);
                return;
            }
        }
        for (Path directory : hierarchies.directories()) {
            removeWithRetries(directory.resolve(relative));
        }
    }

    private static void freeze(Path freezer) {
        writeQuietly(freezer.resolve("freezer.state"), "FROZEN");
        long deadline = System.currentTimeMillis() + FREEZE_WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (Files.readString(freezer.resolve("freezer.state")).trim().equals("FROZEN")) {
                    return;
                }
            } catch (IOException e) {
                return;
            }
            pause();
        }
        // A process stuck in the kernel may not freeze; SIGKILL still reaches it.
    }

    private static List<Long> members(Path cgroup) {
        try {
            return Files.readAllLines(cgroup.resolve("cgroup.procs")).stream().filter(l -> !l.isBlank()).map(Long::parseLong).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** rmdir right after the last member died can still find the cgroup busy for a moment. */
    private static void removeWithRetries(Path cgroup) {
        for (int attempt = 0; Files.exists(cgroup); attempt++) {
            try {
                Files.delete(cgroup);
            } catch (IOException e) {
                if (attempt == 50) {
                    LOG.warn("Cannot remove cgroup {}: {}", cgroup, e.toString());
                    return;
                }
                pause();
            }
        }
    }

    private static long read(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).trim());
    }

    private static void write(Path file, long value) throws IOException {
        Files.writeString(file, Long.toString(value));
    }

    private static void writeQuietly(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            LOG.debug("Writing {} to {}: {}", value, file, e.toString());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return relative.toString();
    }
}
