package io.pacer.localcluster;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * A task status on its way to a framework, as Mesos's internal StatusUpdate message carries it. Reliable updates
 * (from executors and the agent) carry a 16-byte uuid that the scheduler acknowledges; the master's own updates
 * (TASK_ERROR, reconciliation) carry none (src/common/protobuf_utils.cpp {@code createStatusUpdate}).
 */
public record StatusUpdate(FrameworkID frameworkId, TaskStatus status) {

    public TaskID taskId() {
        return status.getTaskId();
    }

    public TaskState state() {
        return status.getState();
    }

    public Optional<ByteString> uuid() {
        return status.hasUuid() ? Optional.of(status.getUuid()) : Optional.empty();
    }

    /** An update the master or agent writes itself. */
    public static StatusUpdate create(Clock clock, FrameworkID frameworkId, Optional<AgentID> agentId, TaskID taskId,
                                      TaskState state, TaskStatus.Source source, boolean reliable, String message,
                                      TaskStatus.Reason reason, Optional<ExecutorID> executorId) {
        TaskStatus.Builder status = TaskStatus.newBuilder()
                .setTaskId(taskId)
                .setState(state)
                .setSource(source)
                .setMessage(message)
                .setReason(reason)
                .setTimestamp(clock.millis() / 1000.0);
        agentId.ifPresent(status::setAgentId);
        executorId.ifPresent(status::setExecutorId);
        if (reliable) {
            status.setUuid(randomUuid());
        }
        return new StatusUpdate(frameworkId, status.build());
    }

    /** 16 raw RFC-4122 bytes, as Mesos's {@code id::UUID::toBytes}. */
    public static ByteString randomUuid() {
        UUID uuid = UUID.randomUUID();
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
    }

    /** True for the states Mesos's {@code protobuf::isTerminalState} names (src/common/protobuf_utils.cpp). */
    public static boolean isTerminal(TaskState state) {
        return switch (state) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE, TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }
}
