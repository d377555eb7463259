package io.pacer.scheduler.launch;

import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.deploy.AppChange;
import io.pacer.scheduler.deploy.Deployment;
import io.pacer.scheduler.deploy.DeploymentAction;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.events.EventBus;
import io.pacer.scheduler.events.MarathonEvents;
import io.pacer.scheduler.task.TaskRecord;
import io.pacer.scheduler.task.TaskRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's side of the stored deployments (docs/deployments.md): which definition of each app it acts on
 * (an app whose step has not begun runs as it was), which tasks they make outdated, their progress as old tasks
 * end, and each step's end once its apps have reached their target. Called on the scheduler's thread.
 */
final class DeploymentProgress {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentProgress.class);

    private final AppRepository apps;
    private final TaskRepository tasks;
    private final DeploymentRepository deployments;
    private final EventBus events;

    DeploymentProgress(AppRepository apps, TaskRepository tasks, DeploymentRepository deployments, EventBus events) {
        this.apps = apps;
        this.tasks = tasks;
        this.deployments = deployments;
        this.events = events;
        dropUnmadeChanges();
    }

    /**
     * A change is stored as its deployment, then its apps: one none of whose apps is at the deployment's version
     * (or gone, for a removal) when Pacer starts was cut there by a crash, and never happened (its request got no
     * answer), so it is dropped rather than left waiting.
     */
    private void dropUnmadeChanges() {
        deployments.all().stream().filter(d -> d.changes().stream().noneMatch(c -> stored(d, c))).forEach(d -> {
            LOG.warn("Dropping deployment {}: the change of {} it describes was never stored", d.id(), d.affectedApps());
            deployments.remove(d);
        });
    }

    private boolean stored(Deployment d, AppChange c) {
        Optional<AppDefinition> app = apps.get(c.appId());
        return c.action() == DeploymentAction.StopApplication ? app.isEmpty() : app.map(a -> !a.version().isBefore(d.version())).orElse(false);
    }

    /**
     * The definitions to act on: every app as stored, except those whose deployment step has not begun, which stay
     * as they were before it (an app it creates does not exist yet; one it removes still runs).
     */
    List<AppDefinition> acting() {
        Map<AppId, Optional<AppDefinition>> held = held();
        if (held.isEmpty()) {
            return apps.all();
        }
        List<AppDefinition> acting = new ArrayList<>();
        apps.all().stream().filter(a -> !held.containsKey(a.id())).forEach(acting::add);
        held.values().forEach(previous -> previous.ifPresent(acting::add));
        acting.sort(Comparator.comparing(a -> a.id().path()));
        return acting;
    }

    /** The definition of one app to act on, as {@link #acting()}. */
    Optional<AppDefinition> acting(AppId id) {
        Optional<Deployment> holding = deployments.of(id).filter(d -> d.holds(id));
        return holding.isPresent() ? holding.get().changeOf(id).flatMap(AppChange::previous) : apps.get(id);
    }

    private Map<AppId, Optional<AppDefinition>> held() {
        Map<AppId, Optional<AppDefinition>> held = new HashMap<>();
        for (Deployment d : deployments.all()) {
            int current = d.currentStep(); // once per deployment: holds() per app would scan it per app
            d.changes().stream().filter(c -> c.step() > current).forEach(c -> held.put(c.appId(), c.previous()));
        }
        return held;
    }

    /** Tasks to be replaced: of another configuration, or named by the app's deployment (a restart's). */
    Predicate<TaskRecord> outdated(AppDefinition app, String configuration) {
        return outdated(configuration, changeOf(app).map(AppChange::oldTaskIds).orElse(Set.of()));
    }

    static Predicate<TaskRecord> outdated(String configuration, Set<String> named) {
        return t -> !t.executorId().equals(configuration) || named.contains(t.taskId());
    }

    /** A task ended: stored at once, so that a restarted Pacer does not wait for it. */
    void ended(TaskRecord task) {
        deployments.of(task.appId())
                .filter(d -> d.changeOf(task.appId()).map(c -> c.oldTaskIds().contains(task.taskId())).orElse(false))
                .ifPresent(d -> deployments.put(d.withoutOldTask(task.appId(), task.taskId())));
    }

    /**
     * Marks done the actions of each deployment's current step whose app has reached its target (its instances
     * all of its configuration and ready, nothing else left running; for a removed app: no task left); a step
     * whose actions are all done ends with deployment_step_success, and the next begins with deployment_info; the
     * last ends the deployment with deployment_success (and group_change_success for a group's). Returns whether
     * a step began, which gives the scheduler apps to launch.
     */
    boolean finishReached(Instant now) {
        boolean stepBegan = false;
        for (Deployment d : deployments.all()) {
            Deployment next = d;
            for (AppChange c : d.step(d.currentStep())) {
                if (!c.done() && reached(d, c)) {
                    next = next.withDone(c.appId());
                }
            }
            if (next == d) {
                continue;
            }
            int step = d.currentStep();
            if (next.isDone()) {
                deployments.remove(next);
                LOG.info("Deployment {} of {} is done", d.id(), d.affectedApps());
                events.publish(MarathonEvents.deploymentStepSuccess(next, step, now));
                events.publish(MarathonEvents.deploymentSuccess(next, now));
                continue;
            }
            deployments.put(next);
            if (next.currentStep() != step) {
                LOG.info("Deployment {}: step {} of {} is done; step {} begins: {}", d.id(), step, d.totalSteps(),
                        next.currentStep(), next.step(next.currentStep()).stream().map(AppChange::appId).toList());
                events.publish(MarathonEvents.deploymentStepSuccess(next, step, now));
                events.publish(MarathonEvents.deploymentInfo(next, now));
                stepBegan = true;
            }
        }
        return stepBegan;
    }

    private boolean reached(Deployment d, AppChange c) {
        Optional<AppDefinition> app = apps.get(c.appId());
        if (app.isEmpty()) {
            // a create's deployment is stored before its app: until the app is there, it has not begun
            return c.action() == DeploymentAction.StopApplication && tasks.of(c.appId()).isEmpty();
        }
        if (!d.version().equals(app.get().version())) {
            // older than the app: a later change superseded it; newer: the API is about to store its app
            return d.version().isBefore(app.get().version());
        }
        List<TaskRecord> alive = tasks.of(c.appId());
        Predicate<TaskRecord> old = outdated(app.get(), TaskInfoFactory.executorId(app.get()));
        return alive.size() == app.get().instances() && alive.stream().allMatch(t -> !old.test(t) && t.countsTowardApp() && t.serves());
    }

    /**
     * The app's action, when its deployment is for the app's current version: the API stores it before the app it
     * deploys, and one for an older version was superseded.
     */
    private Optional<AppChange> changeOf(AppDefinition app) {
        return deployments.of(app.id()).filter(d -> d.version().equals(app.version())).flatMap(d -> d.changeOf(app.id()));
    }
}
