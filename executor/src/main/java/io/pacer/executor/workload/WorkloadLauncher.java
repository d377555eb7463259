package io.pacer.executor.workload;

import io.pacer.executor.spec.TaskDescription;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** Starts one kind of workload. */
public interface WorkloadLauncher {
    /**
     * Starts the task's workload in its sandbox.
     *
     * @param env      the task's environment, complete
     * @param progress takes human-readable progress of a long start (an image pull), for TASK_STARTING messages
     */
    Workload launch(TaskDescription task, Path sandbox, Map<String, String> env, Consumer<String> progress)
            throws LaunchException, InterruptedException;
}
