package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pacer.scheduler.time.Timestamps;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Marathon's answer to a change that starts a deployment: {"version": ..., "deploymentId": ...} with the id also in
 * the {@code Marathon-Deployment-Id} header (types/deploymentResult.raml). Pacer acts on the change at once and keeps
 * no deployment to ask about; the id is fresh for each change.
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
