package io.pacer.executor.driver;

import io.pacer.executor.task.TaskListener;
import io.pacer.executor.task.TaskRuntime;

/** Builds what the task runners share once the agent's SUBSCRIBED has told the executor where it is and what the framework can take. */
@FunctionalInterface
public interface TaskRuntimeFactory {
    TaskRuntime create(String agentHostname, boolean taskKillingState, TaskListener listener);
}
