package io.pacer.localcluster.agent;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkInfo;

/** A framework as an agent knows it: its info and its executors on this agent. */
final class AgentFramework {
    FrameworkInfo info;
    boolean terminating;
    final Map<ExecutorID, ExecutorRun> executors = new LinkedHashMap<>();

    AgentFramework(FrameworkInfo info) {
        this.info = info;
    }
}
