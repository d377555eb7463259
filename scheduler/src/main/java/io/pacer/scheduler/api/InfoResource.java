package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.OptionalInt;
import java.util.function.Supplier;

/** {@code GET /v2/info}: what Pacer is and how it runs, in the shape of Marathon's (types/info.raml). */
public final class InfoResource {
    public static final String PREFIX = "/v2/info";

    private final Supplier<ObjectNode> info;

    /**
     * @param leaderPort the port of the URL Pacer advertises (the HTTPS one when served)
     * @param httpPort   the plain HTTP port, when served
     * @param httpsPort  the HTTPS port, when served
     */
    public InfoResource(String version, String frameworkName, String master, String hostname, int leaderPort, OptionalInt httpPort,
                        OptionalInt httpsPort, double failoverTimeoutSeconds, Supplier<String> frameworkId) {
        this.info = () -> {
            ObjectNode o = JsonNodeFactory.instance.objectNode()
                    .put("name", "pacer").put("version", version).put("frameworkId", frameworkId.get())
                    .put("leader", hostname + ":" + leaderPort).put("elected", true);
            // as Marathon's http_config (InfoResource.scala); a port not served is left out
            ObjectNode http = o.putObject("http_config");
            httpPort.ifPresent(p -> http.put("http_port", p));
            httpsPort.ifPresent(p -> http.put("https_port", p));
            o.putObject("marathon_config").put("master", master).put("framework_name", frameworkName)
                    .put("hostname", hostname).put("failover_timeout", failoverTimeoutSeconds).put("checkpoint", true);
            return o;
        };
    }

    public Route route() {
        return Route.get(PREFIX, request -> ApiResponse.json(200, info.get()));
    }
}
