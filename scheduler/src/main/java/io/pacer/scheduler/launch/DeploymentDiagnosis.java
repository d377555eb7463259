package io.pacer.scheduler.launch;

import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.deploy.AppChange;
import io.pacer.scheduler.deploy.DeploymentStatus;
import io.pacer.scheduler.task.HealthState;
import io.pacer.scheduler.task.TaskFailure;
import io.pacer.scheduler.task.TaskRecord;
import io.pacer.scheduler.time.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * Tells where a deployment stands and what it waits for, from the facts the scheduler decides from
 * ({@link RollingReplacement}): the app, its tasks, the deployment's named old tasks and the app's backoff. The first
 * thing in the way is named: a backoff, the capacity bound, offers, tasks starting, health, old tasks ending.
 */
public final class DeploymentDiagnosis {

    private DeploymentDiagnosis() {
    }

    /**
     * @param app       the app as it is stored, empty once deleted
     * @param alive     every task of the app Pacer has not seen end
     * @param delay     the app's backoff, if its configuration has failed
     * @param lastFailure the app's last task failure
     */
    public static DeploymentStatus of(AppChange change, Optional<AppDefinition> app, List<TaskRecord> alive,
                                      Optional<LaunchDelays.Delay> delay, Optional<TaskFailure> lastFailure, Instant now) {
        if (app.isEmpty()) {
            Optional<String> waiting = alive.isEmpty() ? Optional.empty()
                    : Optional.of(count(alive.size(), "task") + " of the removed app to end");
            return new DeploymentStatus(0, 0, 0, alive.size(), alive.size(), waiting);
        }
        AppDefinition target = app.get();
        String configuration = TaskInfoFactory.executorId(target);
        Predicate<TaskRecord> outdated = DeploymentProgress.outdated(configuration, change.oldTaskIds());
        List<TaskRecord> old = alive.stream().filter(outdated).toList();
        List<TaskRecord> fresh = alive.stream().filter(t -> !outdated.test(t) && t.countsTowardApp()).toList();
        List<TaskRecord> ready = fresh.stream().filter(TaskRecord::serves).toList();
        Optional<String> waiting = waitingFor(target, configuration, old, fresh, ready, alive, delay, lastFailure, now);
        return new DeploymentStatus(target.instances(), fresh.size(), ready.size(), old.size(), alive.size(), waiting);
    }

    private static Optional<String> waitingFor(AppDefinition app, String configuration, List<TaskRecord> old,
                                               List<TaskRecord> fresh, List<TaskRecord> ready, List<TaskRecord> alive,
                                               Optional<LaunchDelays.Delay> delay, Optional<TaskFailure> lastFailure,
                                               Instant now) {
        int missing = app.instances() - fresh.size();
        if (missing > 0) {
            Optional<LaunchDelays.Delay> backoff = delay.filter(b -> b.configuration().equals(configuration) && b.notBefore().isAfter(now));
            if (backoff.isPresent()) {
                return Optional.of("the backoff after " + count(backoff.get().failures(), "failed task") + " to end at "
                        + Timestamps.format(backoff.get().notBefore()) + " before launching " + count(missing, "new task")
                        + lastFailure.map(f -> ": last failure: " + f.task().state() + describe(f.task().message())).orElse(""));
            }
            int healthy = (int) alive.stream().filter(t -> t.countsTowardApp() && t.serves()).count();
            UpgradeBounds bounds = UpgradeBounds.of(app.upgradeStrategy(), app.instances(), healthy);
            if (!old.isEmpty() && bounds.toLaunch(app.instances(), fresh.size(), alive.size()) == 0) {
                return Optional.of(count(old.size(), "old task") + " to end before launching " + count(missing, "new task")
                        + ": at most " + bounds.maxCapacity() + " may run (maximumOverCapacity "
                        + app.upgradeStrategy().maximumOverCapacity() + ")");
            }
            return Optional.of("offers to launch " + count(missing, "new task") + ", each needing cpus " + app.cpus()
                    + ", mem " + app.mem() + (app.disk() > 0 ? ", disk " + app.disk() : "")
                    + (app.portDefinitions().isEmpty() ? "" : " and " + count(app.portDefinitions().size(), "port"))
                    + ": no agent's offer has fitted yet (GET /v2/queue shows the app)");
        }
        List<TaskRecord> starting = fresh.stream().filter(t -> t.state() != TaskState.TASK_RUNNING).toList();
        if (!starting.isEmpty()) {
            TaskRecord first = starting.get(0);
            return Optional.of(count(starting.size(), "new task") + " to start: " + first.taskId() + " is " + first.state()
                    + " on " + first.host());
        }
        List<TaskRecord> unhealthy = fresh.stream().filter(t -> t.healthChecked() && !t.healthy().orElse(false)).toList();
        if (!unhealthy.isEmpty()) {
            Optional<HealthState> failing = unhealthy.stream().flatMap(t -> t.health().stream())
                    .filter(h -> !h.lastFailureCause().isEmpty()).findFirst();
            return Optional.of(unhealthy.size() + " of " + count(fresh.size(), "new task")
                    + " to become healthy: " + failing.map(HealthState::lastFailureCause)
                    .orElse("no health check result yet (grace period " + app.healthChecks().get(0).gracePeriodSeconds() + " s)"));
        }
        List<TaskRecord> unready = fresh.stream().filter(t -> !t.readinessPassed()).toList();
        if (!unready.isEmpty()) {
            return Optional.of(unready.size() + " of " + count(fresh.size(), "new task") + " to become ready: "
                    + lastReadiness(unready));
        }
        if (!old.isEmpty()) {
            long killing = old.stream().filter(TaskRecord::killRequested).count();
            return Optional.of(count(old.size(), "old task") + " to end" + (killing > 0 ? " (" + killing + " being killed)" : ""));
        }
        if (alive.size() > app.instances()) {
            return Optional.of(count(alive.size() - app.instances(), "task") + " over the app's " + app.instances() + " to end");
        }
        return Optional.empty();
    }

    /** The first not-ready check's last answer, when it is kept (preserveLastResponse), or that none came yet. */
    private static String lastReadiness(List<TaskRecord> unready) {
        return unready.stream().flatMap(t -> t.readiness().stream()).filter(r -> !r.ready()).findFirst()
                .map(r -> "readiness check " + r.name() + r.lastResponse().map(last -> " last answered HTTP " + last.status())
                        .orElse(" has not passed yet"))
                .orElse("readiness checks have not passed yet");
    }

    private static String describe(String message) {
        return message.isBlank() ? "" : " (" + message + ")";
    }

    private static String count(long n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }
}
