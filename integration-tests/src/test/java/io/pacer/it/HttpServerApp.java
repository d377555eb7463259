package io.pacer.it;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The app the deployment tests upgrade: instances of Python's http.server on their first port (named http), an env
 * MARK that makes each version a new configuration, and an HTTP health check of a path on that port every second.
 */
final class HttpServerApp {
    private HttpServerApp() {
    }

    /**
     * @param maxConsecutiveFailures 0 never kills a task for failing its check (a broken upgrade then waits on its
     *                               health check rather than on a backoff)
     */
    static ObjectNode of(String id, int instances, String mark, String healthPath, int gracePeriodSeconds, int maxConsecutiveFailures) {
        ObjectNode app = PacerProcess.JSON.createObjectNode().put("id", id).put("cpus", 0.1).put("mem", 64).put("instances", instances)
                .put("cmd", "exec python3 -m http.server $PORT0");
        app.putObject("env").put("MARK", mark);
        app.putArray("portDefinitions").addObject().put("port", 0).put("name", "http");
        app.putArray("healthChecks").addObject().put("protocol", "HTTP").put("path", healthPath).put("portIndex", 0)
                .put("intervalSeconds", 1).put("timeoutSeconds", 1).put("maxConsecutiveFailures", maxConsecutiveFailures)
                .put("gracePeriodSeconds", gracePeriodSeconds);
        return app;
    }
}
