package io.pacer.scheduler.launch;

import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.deploy.Deployment;
import io.pacer.scheduler.deploy.DeploymentAction;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.events.EventBus;
import io.pacer.scheduler.events.MarathonEvents;
import io.pacer.scheduler.task.TaskRecord;
import io.pacer.scheduler.task.TaskRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's side of the stored deployments (docs/deployments.md): which tasks they make outdated, their
 * progress as old tasks end, and their end once their app has reached its target. Called on the scheduler's thread.
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
        dropUnmadeCreates();
    }

    /**
     * A create is stored as its deployment, then its app: one whose app is missing when Pacer starts was cut there
     * by a crash, and never happened (its POST got no answer), so it is dropped rather than left waiting for an app.
     */
    private void dropUnmadeCreates() {
        deployments.all().stream().filter(d -> d.action() == DeploymentAction.StartApplication && apps.get(d.appId()).isEmpty())
                .forEach(d -> {
                    LOG.warn("Dropping deployment {}: the creation of {} it describes was never stored", d.id(), d.appId());
                    deployments.remove(d);
                });
    }

    /** Tasks to be replaced: of another configuration, or named by the app's deployment (a restart's). */
    Predicate<TaskRecord> outdated(AppDefinition app, String configuration) {
        return outdated(configuration, deploymentOf(app).map(Deployment::oldTaskIds).orElse(Set.of()));
    }

    static Predicate<TaskRecord> outdated(String configuration, Set<String> named) {
        return t -> !t.executorId().equals(configuration) || named.contains(t.taskId());
    }

    /** A task ended: stored at once, so that a restarted Pacer does not wait for it. */
    void ended(TaskRecord task) {
        deployments.of(task.appId()).filter(d -> d.oldTaskIds().contains(task.taskId()))
                .ifPresent(d -> deployments.put(d.withoutOldTask(task.taskId())));
    }

    /**
     * Removes, with deployment_step_success and deployment_success, the deployments whose app has reached its target: its instances all of its
     * configuration and ready, nothing else left running (for a deleted app: no task left).
     */
    void finishReached(Instant now) {
        for (Deployment d : deployments.all()) {
            Optional<AppDefinition> app = apps.get(d.appId());
            boolean done;
            if (app.isEmpty()) {
                // a create's deployment is stored before its app: until the app is there, it has not begun
                done = d.action() == DeploymentAction.StopApplication && tasks.of(d.appId()).isEmpty();
            } else if (!d.version().equals(app.get().version())) {
                // older than the app: a later change superseded it; newer: the API is about to store its app
                done = d.version().isBefore(app.get().version());
            } else {
                List<TaskRecord> alive = tasks.of(d.appId());
                Predicate<TaskRecord> old = outdated(app.get(), TaskInfoFactory.executorId(app.get()));
                done = alive.size() == app.get().instances() && alive.stream()
                        .allMatch(t -> !old.test(t) && t.countsTowardApp() && t.serves());
            }
            if (done) {
                deployments.remove(d);
                LOG.info("Deployment {} of {} ({}) is done", d.id(), d.appId(), d.action());
                events.publish(MarathonEvents.deploymentStepSuccess(d, now));
                events.publish(MarathonEvents.deploymentSuccess(d, now));
            }
        }
    }

    /**
     * The app's deployment, when it is for the app's current version: the API stores it before the app it
     * deploys, and one for an older version was superseded.
     */
    private Optional<Deployment> deploymentOf(AppDefinition app) {
        return deployments.of(app.id()).filter(d -> d.version().equals(app.version()));
    }
}
