package io.pacer.cgroups;

/**
 * How Mesos turns a container's {@code cpus} and {@code mem} into limits, with its minimums
 * (src/slave/containerizer/mesos/isolators/cgroups/constants.hpp, src/slave/constants.hpp): the same for a cgroup
 * Pacer makes and for a Docker container's host config.
 */
public final class MesosLimits {
    public static final long CPU_CFS_PERIOD_MICROS = 100_000;
    static final long MIN_MEMORY_BYTES = 32L << 20;
    private static final long CPU_SHARES_PER_CPU = 1024;
    private static final long MIN_CPU_SHARES = 2;
    private static final long MIN_CPU_CFS_QUOTA_MICROS = 1_000;

    private MesosLimits() {
    }

    /** The hard memory limit: {@code mem}, never under 32 MB. */
    public static long memoryBytes(double memMegabytes) {
        return Math.max((long) (memMegabytes * (1 << 20)), MIN_MEMORY_BYTES);
    }

    /** cpu.shares: 1024 per cpu, at least 2. */
    public static long cpuShares(double cpus) {
        return Math.max((long) (CPU_SHARES_PER_CPU * cpus), MIN_CPU_SHARES);
    }

    /** The CFS quota per {@link #CPU_CFS_PERIOD_MICROS}: {@code cpus} of it, at least 1 ms. */
    public static long cfsQuotaMicros(double cpus) {
        return Math.max((long) (CPU_CFS_PERIOD_MICROS * cpus), MIN_CPU_CFS_QUOTA_MICROS);
    }
}
