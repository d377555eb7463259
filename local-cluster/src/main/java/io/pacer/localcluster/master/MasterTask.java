package io.pacer.localcluster.master;

import io.pacer.localcluster.resources.Resources;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * The master's view of one launched task. As in Mesos (src/master/master.cpp {@code updateTask}), {@code state} is
 * the latest state the agent knows, {@code statusUpdateState} the state of the last update sent to the framework:
 * reconciliation answers with the latter.
 */
final class MasterTask {
    final TaskInfo info;
    final AgentID agentId;
    final Resources resources;
    TaskState state = TaskState.TASK_STAGING;
    TaskState statusUpdateState;
    TaskStatus lastStatus;
    boolean resourcesRecovered;

    MasterTask(TaskInfo info, AgentID agentId, Resources resources) {
        this.info = info;
        this.agentId = agentId;
        this.resources = resources;
    }

    TaskState reportedState() {
        return statusUpdateState != null ? statusUpdateState : state;
    }
}
