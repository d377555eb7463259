package io.pacer.localcluster.master;

import io.pacer.localcluster.agent.Agent;
import io.pacer.localcluster.resources.Resources;
import java.util.Optional;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * Validates one task of a LAUNCH operation as Mesos's master does, in the same order and with the same messages
 * (src/master/validation.cpp, {@code task::internal::validateTask} and {@code validateExecutor}). A failure
 * becomes a TASK_ERROR with REASON_TASK_INVALID.
 */
final class LaunchValidator {
    private LaunchValidator() {
    }

    /**
     * @param task      with {@code executor.framework_id} already filled in, as the master does before validating
     * @param available what is left of the accepted offers
     * @return the error message, if the task is invalid
     */
    static Optional<String> validate(TaskInfo task, Framework framework, Agent agent, Resources available) {
        Optional<String> error = validateId(task.getTaskId().getValue())
                .map(e -> "Task has an invalid TaskID: " + e);
        if (error.isPresent()) {
            return error;
        }
        if (framework.tasks.containsKey(task.getTaskId())) {
            return Optional.of("Task has duplicate ID: " + task.getTaskId().getValue());
        }
        if (!task.getAgentId().equals(agent.id())) {
            return Optional.of("Task uses invalid agent " + task.getAgentId().getValue()
                    + " while agent " + agent.id().getValue() + " is expected");
        }
        if (task.hasKillPolicy() && task.getKillPolicy().getGracePeriod().getNanoseconds() < 0) {
            return Optional.of("Task's 'kill_policy.grace_period' must be non-negative");
        }
        if (task.getResourcesCount() == 0) {
            return Optional.of("Task uses no resources");
        }
        Resources taskResources;
        Resources executorResources;
        try {
            taskResources = Resources.fromProtos(task.getResourcesList());
            executorResources = Resources.fromProtos(task.getExecutor().getResourcesList());
        } catch (IllegalArgumentException e) {
            return Optional.of("Task uses invalid resources: " + e.getMessage());
        }
        if (task.hasExecutor() == task.hasCommand()) {
            return Optional.of("Task should have at least one (but not both) of CommandInfo or ExecutorInfo present");
        }
        if (task.hasCommand()) {
            return Optional.of("Tasks without an executor (TaskInfo.command) are not supported by the local cluster:"
                    + " give the task a CUSTOM executor in TaskInfo.executor");
        }
        error = validateExecutor(task.getExecutor(), framework, agent);
        if (error.isPresent()) {
            return error;
        }
        Resources total = agent.hasExecutor(framework.id, task.getExecutor().getExecutorId())
                ? taskResources
                : taskResources.plus(executorResources);
        if (!available.contains(total)) {
            return Optional.of("Total resources " + total + " required by task and its executor is more than available " + available);
        }
        return Optional.empty();
    }

    private static Optional<String> validateExecutor(ExecutorInfo executor, Framework framework, Agent agent) {
        Optional<String> error = validateId(executor.getExecutorId().getValue());
        if (error.isPresent()) {
            return error;
        }
        if (!executor.getFrameworkId().equals(framework.id)) {
            return Optional.of("ExecutorInfo has an invalid FrameworkID (Actual: " + executor.getFrameworkId().getValue()
                    + " vs Expected: " + framework.id.getValue() + ")");
        }
        Optional<ExecutorInfo> existing = agent.executorInfo(framework.id, executor.getExecutorId());
        if (existing.isPresent() && !existing.get().equals(executor)) {
            return Optional.of("ExecutorInfo is not compatible with existing ExecutorInfo with same ExecutorID.\n"
                    + "------------------------------------------------------------\n"
                    + "Existing ExecutorInfo:\n" + existing.get()
                    + "------------------------------------------------------------\n"
                    + "ExecutorInfo:\n" + executor
                    + "------------------------------------------------------------\n");
        }
        if (executor.hasShutdownGracePeriod() && executor.getShutdownGracePeriod().getNanoseconds() < 0) {
            return Optional.of("ExecutorInfo's 'shutdown_grace_period' must be non-negative");
        }
        if (executor.hasType() && executor.getType() != ExecutorInfo.Type.CUSTOM) {
            return Optional.of("'ExecutorInfo.type' must be 'CUSTOM'");
        }
        if (!executor.hasCommand()) {
            return Optional.of("'ExecutorInfo.command' must be set");
        }
        return Optional.empty();
    }

    /** src/common/validation.cpp {@code validateID}. */
    private static Optional<String> validateId(String id) {
        if (id.isEmpty()) {
            return Optional.of("ID must not be empty");
        }
        if (id.length() > 255) {
            return Optional.of("ID must not be greater than 255 characters");
        }
        if (id.equals(".") || id.equals("..")) {
            return Optional.of("'" + id + "' is disallowed");
        }
        if (id.chars().anyMatch(c -> Character.isISOControl(c) || c == '/' || c == '\\')) {
            return Optional.of("'" + id + "' contains invalid characters");
        }
        return Optional.empty();
    }
}
