package io.pacer.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cgroup: a directory in each hierarchy Pacer uses, limited, watched and destroyed as Mesos's cgroups
 * isolators and Linux launcher do (src/slave/containerizer/mesos/isolators/cgroups/subsystems/{memory,cpu,cpuacct}.cpp,
 * src/slave/containerizer/mesos/linux_launcher.cpp, src/linux/cgroups.cpp). It may hold nested cgroups (an
 * executor's per-task ones); destroying it destroys them too.
 */
public final class Cgroup {
    private static final Logger LOG = LoggerFactory.getLogger(Cgroup.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    /** USER_HZ, the unit of cpuacct.stat and /proc/PID/stat times: 100 on every Linux ABI Pacer runs on. */
    static final double CLOCK_TICKS_PER_SECOND = 100;
    /** What memory.limit_in_bytes reads when no limit was set (the kernel's page-counter maximum, about 2^63). */
    private static final long UNLIMITED_BYTES = 1L << 62;
    private static final long FREEZE_WAIT_MILLIS = 1_000;
    private static final long EMPTY_WAIT_MILLIS = 5_000;

    private final Map<String, Path> directories;

    Cgroup(Map<String, Path> directories) {
        this.directories = Map.copyOf(directories);
    }

    /** A cgroup nested in this one, not created; {@code name} must be a plain file name. */
    public Cgroup child(String name) {
        if (!SAFE_NAME.matcher(name).matches() || name.startsWith(".")) {
            throw new IllegalArgumentException("not usable as a cgroup name: '" + name + "'");
        }
        Map<String, Path> children = new LinkedHashMap<>();
        directories.forEach((subsystem, directory) -> children.put(subsystem, directory.resolve(name)));
        return new Cgroup(children);
    }

    /** Its directory in the hierarchy of {@code subsystem}. */
    public Path directory(String subsystem) {
        Path directory = directories.get(subsystem);
        if (directory == null) {
            throw new IllegalArgumentException("no " + subsystem + " hierarchy");
        }
        return directory;
    }

    public void create() throws IOException {
        for (Path directory : distinctDirectories()) {
            Files.createDirectories(directory);
        }
    }

    public boolean exists() {
        return Files.isDirectory(directory("freezer"));
    }

    /** The names of the cgroups nested in this one (as the freezer hierarchy has them). */
    public List<String> children() {
        try (Stream<Path> entries = Files.list(directory("freezer"))) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The command that runs {@code argv} inside this cgroup: a shell enters every hierarchy with its own pid, then
     * execs the command, so that nothing it ever forks runs outside (what the Linux launcher does before exec).
     */
    public List<String> enter(List<String> argv) {
        StringBuilder script = new StringBuilder("for procs in");
        for (Path directory : distinctDirectories()) {
            script.append(" '").append(directory.resolve("cgroup.procs")).append('\'');
        }
        script.append("; do echo $$ > \"$procs\" || exit 127; done; exec \"$@\"");
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", script.toString(), "pacer-isolate"));
        wrapped.addAll(argv);
        return wrapped;
    }

    /**
     * Limits it to {@code cpus} and {@code memMegabytes} as the cgroups isolators' {@code update}: the soft memory
     * limit follows the reservation both ways; the hard one is set the first time and then only raised, since
     * lowering it under what is in use would bring on the OOM killer; cpu.shares is 1024 per cpu, and with
     * {@code cfsQuota} a CFS quota of {@code cpus} per 100 ms period caps CPU time.
     *
     * @throws IOException when the kernel refuses a value (e.g. a hard limit under the usage); the old one stays
     */
    public void limit(double cpus, double memMegabytes, boolean cfsQuota) throws IOException {
        long memory = MesosLimits.memoryBytes(memMegabytes);
        Path memoryCgroup = directory("memory");
        write(memoryCgroup.resolve("memory.soft_limit_in_bytes"), memory);
        long hard = read(memoryCgroup.resolve("memory.limit_in_bytes"));
        if (hard >= UNLIMITED_BYTES || memory > hard) {
            write(memoryCgroup.resolve("memory.limit_in_bytes"), memory);
        }
        Path cpu = directory("cpu");
        write(cpu.resolve("cpu.shares"), MesosLimits.cpuShares(cpus));
        if (cfsQuota) {
            write(cpu.resolve("cpu.cfs_period_us"), MesosLimits.CPU_CFS_PERIOD_MICROS);
            write(cpu.resolve("cpu.cfs_quota_us"), MesosLimits.cfsQuotaMicros(cpus));
        }
    }

    /** Whether a CFS quota caps its CPU time (cpu.cfs_quota_us is -1 when none does). */
    public boolean hasCfsQuota() {
        try {
            return read(directory("cpu").resolve("cpu.cfs_quota_us")) > 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Once the kernel's OOM killer killed in it: what Mesos's memory isolator says of it. */
    public Optional<MemoryLimitation> memoryLimitation() {
        Path memory = directory("memory");
        try {
            if (stat(memory.resolve("memory.oom_control")).getOrDefault("oom_kill", 0L) == 0) {
                return Optional.empty();
            }
            return Optional.of(new MemoryLimitation(read(memory.resolve("memory.limit_in_bytes")),
                    OptionalLong.of(read(memory.resolve("memory.max_usage_in_bytes"))),
                    Files.readString(memory.resolve("memory.stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // destroyed meanwhile
        }
    }

    /**
     * Its counters now, as the isolators' {@code usage}: CPU times from cpuacct.stat, memory from memory.usage_in_bytes
     * and memory.stat's total_rss (which count nested cgroups), throttling from cpu.stat when a CFS quota is set.
     */
    public ResourceUsage usage() throws IOException {
        Map<String, Long> cpuTimes = stat(directory("cpuacct").resolve("cpuacct.stat"));
        Path memory = directory("memory");
        Optional<ResourceUsage.CpuThrottling> throttling = Optional.empty();
        if (hasCfsQuota()) {
            Map<String, Long> cpu = stat(directory("cpu").resolve("cpu.stat"));
            throttling = Optional.of(new ResourceUsage.CpuThrottling(cpu.getOrDefault("nr_periods", 0L),
                    cpu.getOrDefault("nr_throttled", 0L), cpu.getOrDefault("throttled_time", 0L) / 1e9));
        }
        return new ResourceUsage(cpuTimes.getOrDefault("user", 0L) / CLOCK_TICKS_PER_SECOND,
                cpuTimes.getOrDefault("system", 0L) / CLOCK_TICKS_PER_SECOND,
                stat(memory.resolve("memory.stat")).getOrDefault("total_rss", 0L),
                OptionalLong.of(read(memory.resolve("memory.usage_in_bytes"))),
                throttling);
    }

    /** Every process in it and in the cgroups nested in it. */
    public List<Long> processes() {
        List<Long> pids = new ArrayList<>();
        for (Path cgroup : subtree(directory("freezer"))) {
            try {
                Files.readAllLines(cgroup.resolve("cgroup.procs")).stream().filter(l -> !l.isBlank())
                        .map(Long::parseLong).forEach(pids::add);
            } catch (IOException e) {
                // removed meanwhile
            }
        }
        return pids;
    }

    /**
     * Freezes it, SIGKILLs every process in it and in its nested cgroups, thaws it, until none is left (as
     * cgroups::destroy through the freezer: a frozen process cannot fork away from the kill); then removes it
     * and its nested cgroups from every hierarchy. Returns false when processes outlived the kills (the cgroups stay).
     */
    public boolean destroy() {
        Path freezer = directory("freezer");
        if (Files.isDirectory(freezer)) {
            long deadline = System.currentTimeMillis() + EMPTY_WAIT_MILLIS;
            List<Long> members = processes();
            while (!members.isEmpty() && System.currentTimeMillis() < deadline) {
                freeze(freezer);
                members.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                writeQuietly(freezer.resolve("freezer.state"), "THAWED");
                pause();
                members = processes();
            }
            if (!members.isEmpty()) {
                LOG.warn("Processes {} of cgroup {} did not die; its cgroups stay", members, freezer);
                return false;
            }
        }
        for (Path directory : distinctDirectories()) {
            List<Path> deepestFirst = new ArrayList<>(subtree(directory));
            deepestFirst.sort(Comparator.comparingInt(Path::getNameCount).reversed());
            deepestFirst.forEach(Cgroup::removeWithRetries);
        }
        return true;
    }

    private Set<Path> distinctDirectories() {
        return Set.copyOf(directories.values());
    }

    /** The cgroup's directory and every directory nested in it (cgroup control files are files). */
    private static List<Path> subtree(Path cgroup) {
        if (!Files.isDirectory(cgroup)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(cgroup)) {
            return walk.filter(Files::isDirectory).toList();
        } catch (IOException | RuntimeException e) {
            return List.of(cgroup); // a nested one went away while walking
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

    /** A flat-keyed counter file ({@code key value} per line), as cgroups::stat reads it. */
    private static Map<String, Long> stat(Path file) throws IOException {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] fields = line.trim().split(" ");
            if (fields.length == 2) {
                try {
                    values.put(fields[0], Long.parseLong(fields[1]));
                } catch (NumberFormatException e) {
                    // not a counter
                }
            }
        }
        return values;
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
        return directory("freezer").toString();
    }
}
