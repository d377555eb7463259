package io.pacer.localcluster.agent;

import io.pacer.cgroups.ResourceUsage;
import io.pacer.localcluster.resources.Resources;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;

/** One executor container's usage and limits (its executor's and unfinished tasks' resources), for /monitor/statistics. */
public record ExecutorUsage(FrameworkID frameworkId, ExecutorInfo executor, Resources limits, ResourceUsage usage) {
}
