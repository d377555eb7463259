package io.pacer.scheduler.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.time.Timestamps;
import java.util.function.Function;

/**
 * A deployment in Marathon's shapes (docs/docs/rest-api/public/api/v2/types/deploymentPlan.raml,
 * deploymentSteps.raml, deploymentAction.raml, deploymentInfo.raml).
 */
public final class DeploymentJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private DeploymentJson() {
    }

    /**
     * GET /v2/deployments: one DeploymentInfo; each action of its current step lists the readiness results it waits
     * for (TaskReadinessCheckResult) and says where it stands and what it waits for ({@code progress} and
     * {@code waitingFor}, Pacer's additions, docs/deployments.md).
     */
    public static ObjectNode info(Deployment d, Function<AppId, DeploymentStatus> status, Function<AppId, ArrayNode> readinessCheckResults) {
        ObjectNode o = JSON.objectNode().put("id", d.id()).put("version", Timestamps.format(d.version()));
        ArrayNode affected = o.putArray("affectedApps");
        d.affectedApps().forEach(app -> affected.add(app.path()));
        o.putArray("affectedPods");
        o.set("steps", steps(d));
        ArrayNode current = o.putArray("currentActions");
        for (AppChange c : d.step(d.currentStep())) {
            ObjectNode action = current.addObject().put("action", c.action().name()).put("app", c.appId().path());
            action.set("readinessCheckResults", readinessCheckResults.apply(c.appId()));
            DeploymentStatus s = status.apply(c.appId());
            action.putObject("progress").put("instances", s.instances()).put("newTasks", s.newTasks())
                    .put("newReady", s.newReady()).put("oldTasks", s.oldTasks()).put("running", s.running())
                    .put("done", c.done());
            if (!c.done()) {
                s.waitingFor().ifPresent(w -> action.put("waitingFor", w));
            }
        }
        o.put("currentStep", d.currentStep()).put("totalSteps", d.totalSteps());
        return o;
    }

    /** The DeploymentPlan of Marathon's deployment events. */
    public static ObjectNode plan(Deployment d) {
        ObjectNode o = JSON.objectNode().put("id", d.id()).put("version", Timestamps.format(d.version()));
        o.set("steps", steps(d));
        return o;
    }

    /** Step {@code step} (1-based) as a DeploymentStep. */
    public static ObjectNode step(Deployment d, int step) {
        ObjectNode o = JSON.objectNode();
        ArrayNode actions = o.putArray("actions");
        d.step(step).forEach(c -> actions.addObject().put("action", c.action().name()).put("app", c.appId().path()));
        return o;
    }

    /** Every step, as Marathon's DeploymentSteps (also the answer of a dry run: {"steps": [...]}). */
    public static ArrayNode steps(Deployment d) {
        ArrayNode steps = JSON.arrayNode();
        for (int step = 1; step <= d.totalSteps(); step++) {
            steps.add(step(d, step));
        }
        return steps;
    }
}
