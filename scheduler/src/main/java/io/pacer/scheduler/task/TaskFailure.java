package io.pacer.scheduler.task;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pacer.scheduler.time.Timestamps;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * An app's last task that ended in a failure state without being asked to: Marathon's lastTaskFailure
 * (types/task.raml TaskFailure), plus the Mesos reason of its last update when it had one (Pacer's addition).
 */
public record TaskFailure(TaskRecord task, Instant at) {
    /** The states Marathon keeps a task failure for (state/TaskFailure.scala isFailureState): not FINISHED or KILLED. */
    public static boolean isFailureState(TaskState state) {
        return switch (state) {
            case TASK_FAILED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE, TASK_GONE_BY_OPERATOR, TASK_UNKNOWN -> true;
            default -> false;
        };
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode()
                .put("appId", task.appId().path()).put("host", task.host()).put("message", task.message())
                .put("state", task.state().name()).put("taskId", task.taskId()).put("timestamp", Timestamps.format(at))
                .put("version", Timestamps.format(task.appVersion())).put("slaveId", task.agentId());
        task.reason().ifPresent(r -> n.put("reason", r));
        return n;
    }
}
