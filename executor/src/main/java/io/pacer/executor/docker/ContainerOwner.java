package io.pacer.executor.docker;

import java.util.Map;

/**
 * The executor a container belongs to, written on it as labels, so that a later executor under the same id (one
 * that crashed and was started again) can find and remove what it left behind.
 */
public record ContainerOwner(String frameworkId, String executorId) {
    static final String TASK_LABEL = "io.pacer.task-id";
    static final String EXECUTOR_LABEL = "io.pacer.executor-id";
    static final String FRAMEWORK_LABEL = "io.pacer.framework-id";

    Map<String, String> labels(String taskId) {
        return Map.of(TASK_LABEL, taskId, EXECUTOR_LABEL, executorId, FRAMEWORK_LABEL, frameworkId);
    }

    /** Matches every container of this executor, whatever task it ran. */
    Map<String, String> filter() {
        return Map.of(EXECUTOR_LABEL, executorId, FRAMEWORK_LABEL, frameworkId);
    }
}
