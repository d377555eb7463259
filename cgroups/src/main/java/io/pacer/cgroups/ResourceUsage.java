package io.pacer.cgroups;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a container or task uses, in the units and meaning of Mesos's ResourceStatistics.
 *
 * @param memRssBytes    anonymous memory (cgroups: memory.stat total_rss; posix: the processes' VmRSS)
 * @param memTotalBytes  everything charged to the cgroup, page cache included (cgroups only)
 * @param throttling     CFS throttling, when a CFS quota is set
 */
public record ResourceUsage(double cpusUserTimeSecs, double cpusSystemTimeSecs, long memRssBytes, OptionalLong memTotalBytes,
                            Optional<CpuThrottling> throttling) {
    public record CpuThrottling(long nrPeriods, long nrThrottled, double throttledTimeSecs) {
    }
}
