package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pacer.scheduler.deploy.Deployment;
import io.pacer.scheduler.deploy.DeploymentJson;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.launch.SchedulerControl;

/**
 * /v2/deployments as Marathon's deployments.raml: GET lists the running deployments (deploymentInfo.raml);
 * DELETE /v2/deployments/{id}?force=true cancels one where it is (202, no body). Rollback (DELETE without force)
 * is not built yet: it answers 501 saying so rather than pretending (docs/deployments.md).
 */
public final class DeploymentsResource implements Route {
    public static final String PREFIX = "/v2/deployments";

    private final DeploymentRepository deployments;
    private final SchedulerControl scheduler;

    public DeploymentsResource(DeploymentRepository deployments, SchedulerControl scheduler) {
        this.deployments = deployments;
        this.scheduler = scheduler;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        String rest = request.path().substring(PREFIX.length()).replaceAll("/+$", "");
        if (rest.isEmpty()) {
            if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                throw ApiException.of(405, request.method() + " is not allowed on " + PREFIX);
            }
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            deployments.all().forEach(d -> list.add(DeploymentJson.info(d)));
            return ApiResponse.json(200, list);
        }
        if (!rest.startsWith("/") || rest.indexOf('/', 1) >= 0) {
            return null;
        }
        if (!request.method().equals("DELETE")) {
            throw ApiException.of(405, request.method() + " is not allowed on " + request.path());
        }
        String id = rest.substring(1);
        Deployment d = deployments.get(id)
                .orElseThrow(() -> ApiException.of(404, "DeploymentPlan " + id + " does not exist"));
        if (!request.flag("force", false)) {
            throw ApiException.of(501, "Pacer cannot roll back a deployment yet; DELETE with ?force=true stops it where it is");
        }
        deployments.remove(d);
        scheduler.appsChanged();
        return ApiResponse.text(202, "");
    }
}
