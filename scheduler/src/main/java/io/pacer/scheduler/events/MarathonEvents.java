package io.pacer.scheduler.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pacer.scheduler.time.Timestamps;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppJsonWriter;
import io.pacer.scheduler.deploy.Deployment;
import io.pacer.scheduler.deploy.DeploymentJson;
import io.pacer.scheduler.task.TaskRecord;
import java.time.Instant;

/** The events Pacer publishes, in the shapes of Marathon's docs/event-bus.md. */
public final class MarathonEvents {
    private MarathonEvents() {
    }

    public static ObjectNode streamAttached(String remoteAddress, Instant at) {
        return event("event_stream_attached", at).put("remoteAddress", remoteAddress);
    }

    public static ObjectNode apiPost(String clientIp, String uri, AppDefinition app, Instant at) {
        ObjectNode e = event("api_post_event", at).put("clientIp", clientIp).put("uri", uri);
        e.set("appDefinition", AppJsonWriter.write(app));
        return e;
    }

    /** With the update's Mesos reason when it has one: Pacer's addition to Marathon's shape. */
    public static ObjectNode statusUpdate(TaskRecord task, Instant at) {
        ObjectNode e = event("status_update_event", at).put("slaveId", task.agentId()).put("taskId", task.taskId())
                .put("taskStatus", task.state().name()).put("message", task.message()).put("appId", task.appId().path())
                .put("host", task.host()).put("version", Timestamps.format(task.appVersion()));
        task.reason().ifPresent(r -> e.put("reason", r));
        var ports = e.putArray("ports");
        task.ports().forEach(ports::add);
        return e;
    }

    public static ObjectNode healthStatusChanged(TaskRecord task, boolean alive, Instant at) {
        return event("health_status_changed_event", at).put("appId", task.appId().path()).put("taskId", task.taskId())
                .put("instanceId", task.taskId()).put("version", Timestamps.format(task.appVersion())).put("alive", alive);
    }

    public static ObjectNode failedHealthCheck(TaskRecord task, AppDefinition app, Instant at) {
        ObjectNode e = event("failed_health_check_event", at).put("appId", task.appId().path()).put("taskId", task.taskId())
                .put("instanceId", task.taskId()).put("message", task.message());
        app.healthChecks().stream().findFirst().ifPresent(h -> e.set("healthCheck", AppJsonWriter.write(app).get("healthChecks").get(0)));
        return e;
    }

    public static ObjectNode unhealthyTaskKill(TaskRecord task, String reason, Instant at) {
        return event("unhealthy_task_kill_event", at).put("appId", task.appId().path()).put("taskId", task.taskId())
                .put("version", Timestamps.format(task.appVersion())).put("reason", reason).put("host", task.host())
                .put("slaveId", task.agentId());
    }

    /**
     * An instance's condition changed (core/event/Events.scala InstanceChanged, written as api/v2/json/Formats.scala
     * does); Pacer publishes it with condition {@code Killing} the moment it decides to kill a task, before the kill
     * is sent, so that load balancers stop sending it requests while it drains.
     */
    public static ObjectNode instanceChanged(TaskRecord task, String condition, Instant at) {
        return event("instance_changed_event", at).put("instanceId", task.taskId()).put("condition", condition)
                .put("runSpecId", task.appId().path()).put("agentId", task.agentId()).put("host", task.host())
                .put("runSpecVersion", Timestamps.format(task.appVersion()));
    }

    public static ObjectNode appTerminated(AppId app, Instant at) {
        return event("app_terminated_event", at).put("appId", app.path());
    }

    /** A deployment's current step began (Events.scala DeploymentStatus: plan and currentStep). */
    public static ObjectNode deploymentInfo(Deployment d, Instant at) {
        return stepEvent("deployment_info", d, d.currentStep(), at);
    }

    /** Step {@code step} (1-based) of the deployment is done (Events.scala DeploymentStepSuccess). */
    public static ObjectNode deploymentStepSuccess(Deployment d, int step, Instant at) {
        return stepEvent("deployment_step_success", d, step, at);
    }

    /** The deployment's current step ended unfinished (Events.scala DeploymentStepFailure), just before its deployment_failed. */
    public static ObjectNode deploymentStepFailure(Deployment d, Instant at) {
        return stepEvent("deployment_step_failure", d, d.currentStep(), at);
    }

    /** A deployment ended before its target (Events.scala DeploymentFailed: id, plan and reason). */
    public static ObjectNode deploymentFailed(Deployment d, String reason, Instant at) {
        ObjectNode e = event("deployment_failed", at).put("id", d.id());
        e.set("plan", DeploymentJson.plan(d));
        return e.put("reason", reason);
    }

    private static ObjectNode stepEvent(String type, Deployment d, int step, Instant at) {
        ObjectNode e = event(type, at);
        e.set("plan", DeploymentJson.plan(d));
        e.set("currentStep", DeploymentJson.step(d, step));
        return e;
    }

    /**
     * A change of the group was accepted and its deployment started (Events.scala GroupChangeSuccess, published by
     * GroupManagerImpl.updateRoot once the plan is stored, not when it is done).
     */
    public static ObjectNode groupChangeSuccess(AppId group, Instant version, Instant at) {
        return event("group_change_success", at).put("groupId", group.path()).put("version", Timestamps.format(version));
    }

    /** A change of the group was refused after validation of the request itself (Events.scala GroupChangeFailed). */
    public static ObjectNode groupChangeFailed(AppId group, Instant version, String reason, Instant at) {
        return event("group_change_failed", at).put("groupId", group.path()).put("version", Timestamps.format(version))
                .put("reason", reason);
    }

    /** A deployment reached its target (Events.scala DeploymentSuccess: id and plan). */
    public static ObjectNode deploymentSuccess(Deployment d, Instant at) {
        ObjectNode e = event("deployment_success", at).put("id", d.id());
        e.set("plan", DeploymentJson.plan(d));
        return e;
    }

    private static ObjectNode event(String type, Instant at) {
        return JsonNodeFactory.instance.objectNode().put("eventType", type).put("timestamp", Timestamps.format(at));
    }
}
