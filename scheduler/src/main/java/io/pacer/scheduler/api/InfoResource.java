package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;

/** {@code GET /v2/info}: what Pacer is and how it runs, in the shape of Marathon's (types/info.raml). */
public final class InfoResource {
    public static final String PREFIX = "/v2/info";

    private final Supplier<ObjectNode> info;

    public InfoResource(String version, String frameworkName, String master, String hostname, int httpPort,
                        double failoverTimeoutSeconds, Supplier<String> frameworkId) {
        this.info = () -> {
            ObjectNode o = JsonNodeFactory.instance.objectNode()
                    .put("name", "pacer").put("version", version).put("frameworkId", frameworkId.get())
                    .put("leader", hostname + ":" + httpPort).put("elected", true);
            o.putObject("http_config").put("http_port", httpPort);
            o.putObject("marathon_config").put("master", master).put("framework_name", frameworkName)
                    .put("hostname", hostname).put("failover_timeout", failoverTimeoutSeconds).put("checkpoint", true);
            return o;
        };
    }

    public Route route() {
        return Route.get(PREFIX, request -> ApiResponse.json(200, info.get()));
    }
}
