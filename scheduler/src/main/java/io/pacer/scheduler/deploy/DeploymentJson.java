package io.pacer.scheduler.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.time.Timestamps;

/**
 * A deployment in Marathon's shapes (docs/docs/rest-api/public/api/v2/types/deploymentPlan.raml,
 * deploymentSteps.raml, deploymentAction.raml, deploymentInfo.raml). A Pacer deployment is one step of one action
 * on one app, so it is always at step 1 of 1.
 */
public final class DeploymentJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private DeploymentJson() {
    }

    /**
     * GET /v2/deployments: one DeploymentInfo; its current action lists the readiness results it waits for
     * (TaskReadinessCheckResult) and says where it stands and what it waits for ({@code progress} and
     * {@code waitingFor}, Pacer's additions, docs/deployments.md).
     */
    public static ObjectNode info(Deployment d, DeploymentStatus status, ArrayNode readinessCheckResults) {
        ObjectNode o = JSON.objectNode().put("id", d.id()).put("version", Timestamps.format(d.version()));
        o.putArray("affectedApps").add(d.appId().path());
        o.putArray("affectedPods");
        o.set("steps", steps(d));
        ArrayNode current = o.putArray("currentActions");
        ObjectNode action = current.addObject().put("action", d.action().name()).put("app", d.appId().path());
        action.set("readinessCheckResults", readinessCheckResults);
        action.putObject("progress").put("instances", status.instances()).put("newTasks", status.newTasks())
                .put("newReady", status.newReady()).put("oldTasks", status.oldTasks()).put("running", status.running());
        status.waitingFor().ifPresent(w -> action.put("waitingFor", w));
        o.put("currentStep", 1).put("totalSteps", 1);
        return o;
    }

    /** The DeploymentPlan of Marathon's deployment events. */
    public static ObjectNode plan(Deployment d) {
        ObjectNode o = JSON.objectNode().put("id", d.id()).put("version", Timestamps.format(d.version()));
        o.set("steps", steps(d));
        return o;
    }

    /** The one DeploymentStep. */
    public static ObjectNode step(Deployment d) {
        ObjectNode step = JSON.objectNode();
        step.putArray("actions").addObject().put("action", d.action().name()).put("app", d.appId().path());
        return step;
    }

    private static ArrayNode steps(Deployment d) {
        ArrayNode steps = JSON.arrayNode();
        steps.add(step(d));
        return steps;
    }
}
