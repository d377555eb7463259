package io.pacer.executor.workload;

import io.pacer.cgroups.ResourceUsage;

/**
 * What a running task uses against what it asked for.
 *
 * @param isolated      its limits are enforced by a cgroup of its own; otherwise they are only what it asked for
 * @param memLimitBytes its mem (as a cgroup limit: never under Mesos's 32 MB minimum)
 */
public record WorkloadUsage(boolean isolated, double cpusLimit, long memLimitBytes, ResourceUsage usage) {
}
