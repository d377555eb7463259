package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pacer.scheduler.time.Timestamps;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Marathon's answer to a change that starts a deployment: {"version": ..., "deploymentId": ...} with the id also in
 * the {@code Marathon-Deployment-Id} header (types/deploymentResult.raml), for the changes that do not store a
 * deployment yet (killing tasks, with or without scale: docs/deployments.md); app changes answer through
 * {@link AppDeployments}.
 */
final class Deployments {
    static final String HEADER = "Marathon-Deployment-Id";

    private Deployments() {
    }

    static ApiResponse started(int status, Instant version) {
        String deployment = UUID.randomUUID().toString();
        return ApiResponse.json(status, JsonNodeFactory.instance.objectNode()
                .put("version", Timestamps.format(version)).put("deploymentId", deployment), Map.of(HEADER, deployment));
    }
}
