package io.pacer.cgroups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Usage summed over processes from /proc, where no cgroup keeps the count (Mesos's posix isolators, through
 * src/usage/usage.cpp): user and system CPU time from /proc/PID/stat, resident memory from /proc/PID/status.
 */
public final class ProcessUsage {
    private static final Path PROC = Path.of("/proc");

    private ProcessUsage() {
    }

    public static ResourceUsage of(Collection<Long> pids) {
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
                rssBytes, OptionalLong.empty(), OptionalLong.empty(), Optional.empty());
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
