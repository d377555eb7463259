package io.pacer.executor.task;

import io.pacer.executor.health.HealthChange;
import io.pacer.executor.health.HealthCheckResult;
import io.pacer.executor.health.HealthCheckSchedule;
import io.pacer.executor.health.HealthCheckSpec;
import io.pacer.executor.health.HealthProbe;
import io.pacer.executor.process.KillPolicy;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;

/**
 * Starts the task's health check, if it has one: every reported result becomes TASK_RUNNING with {@code healthy}
 * and REASON_TASK_HEALTH_CHECK_STATUS_UPDATED, and too many failures in a row ask for the task to be killed
 * under its own kill policy (src/launcher/executor.cpp, taskHealthUpdated).
 */
final class StartHealthChecks implements TaskStage {
    @Override
    public Optional<TaskUpdate> run(TaskContext context) {
        context.task().healthCheck().ifPresent(spec -> {
            HealthProbe probe = context.workload().orElseThrow().probe(spec.probe(), context.runtime().healthProbes());
            context.healthChecks(HealthCheckSchedule.start(spec, probe, context.runtime().healthProbes().loop().timer(),
                    new Reporter(context, spec)));
        });
        return Optional.empty();
    }

    private static final class Reporter implements HealthCheckSchedule.Listener {
        private final TaskContext context;
        private final HealthCheckSpec spec;

        Reporter(TaskContext context, HealthCheckSpec spec) {
            this.context = context;
            this.spec = spec;
        }

        @Override
        public void checked(HealthCheckResult result) {
            context.runtime().listener().healthChecked(context.task().taskId(), result);
        }

        @Override
        public void changed(HealthChange change, HealthCheckResult result) {
            String what = spec.probe().type() + " health check of " + spec.probe().target();
            String message = change.healthy() ? what + " passed: " + result.detail()
                    : what + " failed " + change.consecutiveFailures() + " time(s) in a row: " + result.detail();
            context.sendCheckUpdate(context.update(TaskState.TASK_RUNNING, message)
                    .withReason(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED).withHealthy(change.healthy()));
            if (change.killTask()) {
                context.requestKill(new KillRequest(KillPolicy.choose(Optional.empty(), context.task().killGracePeriod()),
                        KillRequest.Cause.HEALTH_CHECK, Optional.of(what + " failed " + change.consecutiveFailures()
                        + " consecutive times (limit " + spec.consecutiveFailures() + "), last: " + result.detail())));
            }
        }
    }
}
