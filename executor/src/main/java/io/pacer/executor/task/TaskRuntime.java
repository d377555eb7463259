package io.pacer.executor.task;

import io.pacer.executor.health.HealthProbes;
import io.pacer.executor.process.TaskEnvironment;
import io.pacer.executor.workload.Workloads;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What every task runner of one executor shares.
 *
 * @param sandboxRoot      each task runs in {@code sandboxRoot/tasks/<task id>}
 * @param taskKillingState the framework has the TASK_KILLING_STATE capability
 * @param runningLabels    labels for a task's first TASK_RUNNING (the executor endpoint's address)
 * @param noTaskCgroups    why process tasks run without a cgroup of their own, when they do (said in their first TASK_STARTING)
 */
public record TaskRuntime(Path sandboxRoot, ArtifactStage artifacts, Workloads workloads, TaskEnvironment environment,
                          HealthProbes healthProbes, TaskListener listener, boolean taskKillingState,
                          Supplier<Map<String, String>> runningLabels, Optional<String> noTaskCgroups) {
}
