package io.pacer.localcluster.agent;

import com.google.protobuf.ByteString;
import io.pacer.localcluster.StatusUpdate;
import java.util.OptionalInt;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;

/** What an agent tells its master; in Mesos these are messages from src/slave/slave.cpp to the master. */
public interface MasterChannel {
    /** One status update, forwarded (again, if retried) until the scheduler acknowledges it. */
    void forward(AgentID agentId, StatusUpdate update, TaskState latestState);

    /** A task found in the agent's checkpoints after a restart, as a re-registering agent reports it. */
    void taskRecovered(AgentID agentId, FrameworkInfo framework, TaskInfo task, TaskState state, boolean firstOfItsExecutor);

    void executorMessage(AgentID agentId, FrameworkID frameworkId, ExecutorID executorId, ByteString data);

    /** The executor's process ended; {@code waitStatus} is its raw wait status when known. */
    void executorTerminated(AgentID agentId, FrameworkID frameworkId, ExecutorID executorId, OptionalInt waitStatus);
}
