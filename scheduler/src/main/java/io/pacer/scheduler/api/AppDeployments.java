package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppJsonWriter;
import io.pacer.scheduler.app.VersionInfo;
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
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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

    /**
     * The deployment that brings {@code target} (or, deleted, nothing) in place of {@code current}: the kind of
     * step Marathon would plan, and the tasks that must be replaced: all of them for a restart or a new
     * configuration (named by a restart only, see below), plus those a superseded deployment of the app had not replaced yet.
     */
    Deployment start(AppId id, Optional<AppDefinition> current, Optional<AppDefinition> target, boolean restart) {
        DeploymentAction action;
        if (target.isEmpty()) {
            action = DeploymentAction.StopApplication;
        } else if (current.isEmpty()) {
            action = DeploymentAction.StartApplication;
        } else {
            action = restart || newConfiguration(current.get(), target.get())
                    ? DeploymentAction.RestartApplication : DeploymentAction.ScaleApplication;
        }
        // tasks of another configuration are replaced because they are (TaskInfoFactory.executorId): only a
        // restart, which keeps the configuration, has to name the tasks it replaces
        boolean replaceAll = restart;
        Set<String> alive = new HashSet<>();
        tasks.of(id).forEach(t -> alive.add(t.taskId()));
        Set<String> old = new HashSet<>();
        deployments.of(id).ifPresent(before -> before.oldTaskIds().stream().filter(alive::contains).forEach(old::add));
        if (replaceAll) {
            tasks.of(id).stream().filter(TaskRecord::countsTowardApp).forEach(t -> old.add(t.taskId()));
        }
        Deployment d = new Deployment(UUID.randomUUID().toString(), id,
                target.map(AppDefinition::version).orElse(clock.instant()), action, old, clock.instant(),
                current.map(a -> AppJsonWriter.write(a).toString()));
        deployments.of(id).ifPresent(superseded -> announceCancelled(superseded));
        deployments.put(d);
        return d;
    }

    /**
     * Refuses a change of an app that a running deployment holds, unless forced: Marathon's AppLockedException
     * (Exception.scala; 409 with the locking deployments, MarathonExceptionMapper.scala). A forced change supersedes
     * the running deployment, which ends as cancelled.
     */
    void checkUnlocked(AppId id, boolean force) {
        Optional<Deployment> running = deployments.of(id);
        if (running.isEmpty() || force) {
            return;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("message", LOCKED);
        body.putArray("deployments").addObject().put("id", running.get().id());
        throw ApiException.of(409, LOCKED, body);
    }

    /** Stops a deployment where it is (DELETE /v2/deployments/{id}?force=true): its tasks stay as they are. */
    void cancel(Deployment d) {
        deployments.remove(d);
        announceCancelled(d);
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
