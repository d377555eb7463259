package io.pacer.scheduler.launch;

import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * A MULTI_ROLE framework's launch names the role its resources were allocated to: each resource of the task and of its
 * executor gets the offer's {@code allocation_info} (Mesos's docs/roles.md, "Multi-role frameworks"; the master checks
 * that they are allocated to one role, src/master/validation.cpp {@code validateAllocatedToSingleRole}, and fills in
 * the offer's when a scheduler leaves it out). Pacer has one role, so an executor's resources stay the same for all
 * its tasks, as Mesos requires of one ExecutorInfo.
 */
final class ResourceAllocation {
    private ResourceAllocation() {
    }

    /** {@code task} with every resource allocated as the offer's are; unchanged for an offer without allocation info. */
    static TaskInfo asOffered(TaskInfo task, Offer offer) {
        if (!offer.hasAllocationInfo()) {
            return task;
        }
        Resource.AllocationInfo allocation = offer.getAllocationInfo();
        TaskInfo.Builder allocated = task.toBuilder();
        allocated.getResourcesBuilderList().forEach(r -> r.setAllocationInfo(allocation));
        if (task.hasExecutor()) {
            ExecutorInfo.Builder executor = allocated.getExecutorBuilder();
            executor.getResourcesBuilderList().forEach(r -> r.setAllocationInfo(allocation));
        }
        return allocated.build();
    }
}
