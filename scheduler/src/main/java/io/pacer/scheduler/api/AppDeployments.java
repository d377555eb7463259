package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.VersionInfo;
import io.pacer.scheduler.deploy.AppChange;
import io.pacer.scheduler.deploy.Deployment;
import io.pacer.scheduler.deploy.DeploymentAction;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.events.EventBus;
import io.pacer.scheduler.events.MarathonEvents;
import io.pacer.scheduler.launch.TaskInfoFactory;
import io.pacer.scheduler.task.TaskRecord;
import io.pacer.scheduler.task.TaskRepository;
import io.pacer.scheduler.time.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Starts the deployment of an app change: the record is stored before the app it deploys, so that no task is
 * touched for a change that has no deployment, and a Pacer killed in between finds the deployment (docs/deployments.md).
 * The scheduler only acts on a deployment whose version is its app's.
 */
final class AppDeployments {
    private static final String LOCKED = "App is locked by one or more deployments. Override with the option '?force=true'. "
            + "View details at '/v2/deployments/<DEPLOYMENT_ID>'.";
    private final DeploymentRepository deployments;
    private final TaskRepository tasks;
    private final EventBus events;
    private final Clock clock;

    AppDeployments(DeploymentRepository deployments, TaskRepository tasks, EventBus events, Clock clock) {
        this.deployments = deployments;
        this.tasks = tasks;
        this.events = events;
        this.clock = clock;
    }

    /** One app's change: what it is (empty: created) and what it becomes (empty: removed); a restart replaces every task. */
    record Change(AppId id, Optional<AppDefinition> current, Optional<AppDefinition> target, boolean restart) {
    }

    /** The deployment of one app's change, stored (as {@link #start(Deployment)}). */
    Deployment start(AppId id, Optional<AppDefinition> current, Optional<AppDefinition> target, boolean restart) {
        Instant version = target.map(AppDefinition::version).orElse(clock.instant());
        return start(plan(List.of(List.of(new Change(id, current, target, restart))), version));
    }

    /**
     * The deployment of {@code steps} of changes, in order, not stored: each change is the action Marathon would
     * plan, with the tasks it must replace (all of them for a restart; tasks of another configuration are replaced
     * because they are, TaskInfoFactory.executorId), plus those a superseded deployment of the app had not replaced
     * yet. Empty steps are left out.
     */
    Deployment plan(List<List<Change>> steps, Instant version) {
        List<AppChange> changes = new ArrayList<>();
        int step = 0;
        for (List<Change> actions : steps) {
            if (actions.isEmpty()) {
                continue;
            }
            step++;
            for (Change c : actions) {
                changes.add(new AppChange(c.id(), action(c), step, oldTasks(c), c.current(), false));
            }
        }
        return new Deployment(UUID.randomUUID().toString(), version, clock.instant(), changes);
    }

    /** Stores a planned deployment before any of its apps is: each running deployment it shares an app with is superseded and ends as cancelled. */
    Deployment start(Deployment plan) {
        plan.affectedApps().stream().map(deployments::of).flatMap(Optional::stream).distinct().forEach(this::announceCancelled);
        deployments.put(plan);
        return plan;
    }

    /**
     * {@code changes}, and what the running deployments they supersede had not done yet for other apps, carried on:
     * each such action becomes the change from what runs of its app (its previous definition) to the app as
     * {@code stored} gives it (none: removed), as a change of {@code version}, so that a forced change never lets the
     * apps of a deployment it cancels start out of order.
     */
    List<Change> carryingOn(List<Change> changes, Function<AppId, Optional<AppDefinition>> stored, Instant version) {
        Set<AppId> changed = new HashSet<>();
        changes.forEach(c -> changed.add(c.id()));
        List<Change> all = new ArrayList<>(changes);
        changed.stream().map(deployments::of).flatMap(Optional::stream).distinct()
                .flatMap(d -> d.changes().stream()).filter(c -> !c.done() && !changed.contains(c.appId()))
                .forEach(c -> all.add(new Change(c.appId(), c.previous(),
                        stored.apply(c.appId()).map(app -> asNewVersion(c.previous(), app, version, false)), false)));
        return all;
    }

    private static DeploymentAction action(Change c) {
        if (c.target().isEmpty()) {
            return DeploymentAction.StopApplication;
        }
        if (c.current().isEmpty()) {
            return DeploymentAction.StartApplication;
        }
        return c.restart() || newConfiguration(c.current().get(), c.target().get())
                ? DeploymentAction.RestartApplication : DeploymentAction.ScaleApplication;
    }

    private Set<String> oldTasks(Change c) {
        Set<String> alive = new HashSet<>();
        tasks.of(c.id()).forEach(t -> alive.add(t.taskId()));
        Set<String> old = new HashSet<>();
        deployments.of(c.id()).flatMap(before -> before.changeOf(c.id()))
                .ifPresent(before -> before.oldTaskIds().stream().filter(alive::contains).forEach(old::add));
        if (c.restart()) {
            tasks.of(c.id()).stream().filter(TaskRecord::countsTowardApp).forEach(t -> old.add(t.taskId()));
        }
        return old;
    }

    /**
     * Refuses a change of an app that a running deployment holds, unless forced: Marathon's AppLockedException
     * (Exception.scala; 409 with the locking deployments, MarathonExceptionMapper.scala). A forced change supersedes
     * the running deployment, which ends as cancelled.
     */
    void checkUnlocked(AppId id, boolean force) {
        checkUnlocked(List.of(id), force);
    }

    /** As {@link #checkUnlocked(AppId, boolean)} for a change of several apps: the 409 names every locking deployment. */
    void checkUnlocked(Collection<AppId> ids, boolean force) {
        List<Deployment> running = ids.stream().map(deployments::of).flatMap(Optional::stream).distinct().toList();
        if (running.isEmpty() || force) {
            return;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("message", LOCKED);
        ArrayNode listed = body.putArray("deployments");
        running.forEach(d -> listed.addObject().put("id", d.id()));
        throw ApiException.of(409, LOCKED, body);
    }

    /** Stops a deployment where it is (DELETE /v2/deployments/{id}?force=true): its tasks stay as they are. */
    void cancel(Deployment d) {
        deployments.remove(d);
        announceCancelled(d);
    }

    /** {@code app} (a stored or an earlier definition) made again as a change of {@code version}, versioned as {@link #versioned}. */
    static AppDefinition asNewVersion(Optional<AppDefinition> current, AppDefinition app, Instant version, boolean restart) {
        return versioned(current, app.withVersionInfo(VersionInfo.forNewConfig(version)), restart);
    }

    /**
     * {@code target} with the version history Marathon would give it (GroupVersioningUtil.updateVersionInfoForChangedApps):
     * a new configuration starts afresh, a scale or a restart moves its own time, any other change keeps both times.
     */
    static AppDefinition versioned(Optional<AppDefinition> current, AppDefinition target, boolean restart) {
        if (current.isEmpty() || newConfiguration(current.get(), target)) {
            return target.withVersionInfo(VersionInfo.forNewConfig(target.version()));
        }
        VersionInfo before = current.get().versionInfo();
        if (restart) {
            return target.withVersionInfo(before.withRestartChange(target.version()));
        }
        if (current.get().instances() != target.instances()) {
            return target.withVersionInfo(before.withScaleChange(target.version()));
        }
        return target.withVersionInfo(before.withOtherChange(target.version()));
    }

    private static boolean newConfiguration(AppDefinition current, AppDefinition target) {
        return !TaskInfoFactory.executorId(current).equals(TaskInfoFactory.executorId(target));
    }

    /** As Marathon's cancelled deployment ends: its step fails, then it does (DeploymentCanceledException's reason). */
    private void announceCancelled(Deployment d) {
        events.publish(MarathonEvents.deploymentStepFailure(d, clock.instant()));
        events.publish(MarathonEvents.deploymentFailed(d, "The upgrade has been cancelled", clock.instant()));
    }

    /** deployment_info, once the change is stored: after its api_post_event, as Marathon's order is. */
    void announce(Deployment d) {
        events.publish(MarathonEvents.deploymentInfo(d, clock.instant()));
    }

    /** Marathon's {"version", "deploymentId"} answer, the id also in the Marathon-Deployment-Id header. */
    static ApiResponse answer(int status, Deployment d) {
        return ApiResponse.json(status, JsonNodeFactory.instance.objectNode()
                .put("version", Timestamps.format(d.version())).put("deploymentId", d.id()), Map.of(Deployments.HEADER, d.id()));
    }
}
