package io.pacer.executor.task;

import io.pacer.executor.health.HealthProbe;
import io.pacer.executor.readiness.ReadinessCheckSpec;
import io.pacer.executor.readiness.ReadinessChecker;
import io.pacer.executor.readiness.ReadinessReport;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;

/**
 * Starts the task's readiness checks, if it has any, now that it runs (Marathon checks readiness from TASK_RUNNING
 * on, core/deployment/impl/ReadinessBehavior.scala). Each result to report becomes a TASK_RUNNING update with
 * REASON_TASK_CHECK_STATUS_UPDATED and the result in its {@value ReadinessReport#LABEL} label. The probe is the
 * workload's, so a BRIDGE container is checked at its own address, as its health checks are.
 */
final class StartReadinessChecks implements TaskStage {
    @Override
    public Optional<TaskUpdate> run(TaskContext context) {
        for (ReadinessCheckSpec spec : context.task().spec().readinessChecks()) {
            HealthProbe probe = context.workload().orElseThrow().probe(spec.probe(), context.runtime().healthProbes());
            context.readinessCheck(ReadinessChecker.start(spec, probe, context.runtime().healthProbes().loop().timer(),
                    result -> context.sendCheckUpdate(context.update(TaskState.TASK_RUNNING, ReadinessReport.message(spec, result))
                            .withReason(Reason.REASON_TASK_CHECK_STATUS_UPDATED)
                            .withLabels(Map.of(ReadinessReport.LABEL, ReadinessReport.labelValue(result))))));
        }
        return Optional.empty();
    }
}
