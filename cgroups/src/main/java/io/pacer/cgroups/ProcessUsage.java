package io.pacer.cgroups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Usage summed over a process tree from /proc, where no cgroup keeps the count (Mesos's posix isolators, through
 * src/usage/usage.cpp and os::pstree): user and system CPU time from /proc/PID/stat, resident memory from
 * /proc/PID/status. Finding the tree reads every process's parent once (/proc/PID/task/TID/children, which
 * would spare that, is not in every kernel).
 */
public final class ProcessUsage {
    private static final Path PROC = Path.of("/proc");
    /** A bound against a fork bomb making a walk endless. */
    private static final int MAX_TREE = 100_000;

    private ProcessUsage() {
    }

    /** The usage of {@code root} and all its descendants (none once it is gone). */
    public static ResourceUsage ofTree(long root) {
        return of(tree(root));
    }

    private static List<Long> tree(long root) {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(root).ifPresent(handle -> {
            pids.add(root);
            handle.descendants().limit(MAX_TREE).forEach(d -> pids.add(d.pid()));
        });
        return pids;
    }

    private static ResourceUsage of(Collection<Long> pids) {
        long userTicks = 0;
        long systemTicks = 0;
        long rssBytes = 0;
        for (long pid : pids) {
            Optional<long[]> times = cpuTicks(pid);
            if (times.isPresent()) {
                userTicks += times.get()[0];
                systemTicks += times.get()[1];
                rssBytes += rssKilobytes(pid) * 1024;
            }
        }
        return new ResourceUsage(userTicks / Cgroup.CLOCK_TICKS_PER_SECOND, systemTicks / Cgroup.CLOCK_TICKS_PER_SECOND,
                rssBytes, OptionalLong.empty(), Optional.empty());
    }

    /** utime and stime, fields 14 and 15, counted after the command name (which may hold spaces and parentheses). */
    private static Optional<long[]> cpuTicks(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])});
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone meanwhile
        }
    }

    private static long rssKilobytes(long pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone meanwhile
        }
        return 0; // a kernel thread or a zombie
    }
}
