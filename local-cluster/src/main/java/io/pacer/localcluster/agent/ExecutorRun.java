package io.pacer.localcluster.agent;

import io.pacer.localcluster.ClusterLoop;
import io.pacer.localcluster.StatusUpdate;
import io.pacer.localcluster.http.EventStream;
import io.pacer.localcluster.isolation.IsolatedContainer;
import io.pacer.localcluster.resources.Resources;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;

/** One run of an executor on an agent (one container, in Mesos's terms) and the tasks given to it. */
final class ExecutorRun {
    /** The executor's life, as Mesos's {@code Executor::State} in src/slave/slave.hpp. */
    enum State { REGISTERING, RUNNING, TERMINATING, TERMINATED }

    /** Why the agent ended the executor, if it did; decides the state of its unfinished tasks. */
    record Termination(TaskState state, TaskStatus.Reason reason, String message) {
    }

    final FrameworkID frameworkId;
    final ExecutorInfo info;
    final ContainerID containerId;
    final Sandbox sandbox;
    State state = State.REGISTERING;
    EventStream stream;
    ProcessSession process;
    /** Its isolation, once the containerizer made it (and for good when it could not). */
    IsolatedContainer container = IsolatedContainer.NONE;
    ClusterLoop.Timer registrationTimer;
    ClusterLoop.Timer shutdownTimer;
    Optional<Termination> pendingTermination = Optional.empty();
    boolean everSentTask;
    /** Tasks waiting for the executor to subscribe. */
    final Map<TaskID, TaskInfo> queuedTasks = new LinkedHashMap<>();
    /** Tasks sent to the executor, with their latest state. */
    final Map<TaskID, TaskInfo> launchedTasks = new LinkedHashMap<>();
    final Map<TaskID, TaskState> taskStates = new LinkedHashMap<>();

    ExecutorRun(FrameworkID frameworkId, ExecutorInfo info, ContainerID containerId, Sandbox sandbox) {
        this.frameworkId = frameworkId;
        this.info = info;
        this.containerId = containerId;
        this.sandbox = sandbox;
    }

    void send(Event event) {
        if (stream != null) {
            stream.send(event);
        }
    }

    /** Sets the container's limits to {@link #limits()}, as the containerizer's {@code update} does. */
    void updateLimits() {
        Resources total = limits();
        container.update(total.scalar("cpus"), total.scalar("mem"));
    }

    /** The executor's resources plus its queued and unfinished tasks'. */
    Resources limits() {
        Resources total = Resources.fromProtos(info.getResourcesList());
        for (TaskInfo task : queuedTasks.values()) {
            total = total.plus(Resources.fromProtos(task.getResourcesList()));
        }
        for (TaskInfo task : launchedTasks.values()) {
            if (!StatusUpdate.isTerminal(taskStates.get(task.getTaskId()))) {
                total = total.plus(Resources.fromProtos(task.getResourcesList()));
            }
        }
        return total;
    }

    boolean hasTask(TaskID task) {
        return queuedTasks.containsKey(task) || launchedTasks.containsKey(task);
    }

    @Override
    public String toString() {
        return "'" + info.getExecutorId().getValue() + "' of framework " + frameworkId.getValue();
    }
}
