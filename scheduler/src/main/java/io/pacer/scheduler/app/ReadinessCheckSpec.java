package io.pacer.scheduler.app;

import java.util.List;

/**
 * One of an app's readiness checks, as Marathon's ReadinessCheck (docs/docs/rest-api/public/api/v2/types/readinessCheck.raml,
 * core/readiness/ReadinessCheck.scala): during a deployment a new task replaces an old one only once a GET of
 * {@code path} on the port named {@code portName} answers one of {@code httpStatusCodesForReady}. Pacer's executor
 * runs it next to the task, as it runs health checks (docs/deployments.md, "Readiness checks").
 */
public record ReadinessCheckSpec(String name, Protocol protocol, String path, String portName, int intervalSeconds,
                                 int timeoutSeconds, List<Integer> httpStatusCodesForReady, boolean preserveLastResponse) {

    // Marathon's defaults (ReadinessCheck.scala; httpStatusCodesForReady from AppNormalization.normalizeReadinessCheck).
    public static final String DEFAULT_NAME = "readinessCheck";
    public static final String DEFAULT_PATH = "/";
    public static final String DEFAULT_PORT_NAME = "http-api";
    public static final int DEFAULT_INTERVAL_SECONDS = 30;
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;
    public static final List<Integer> DEFAULT_HTTP_STATUS_CODES_FOR_READY = List.of(200);

    /** Marathon's HttpScheme. */
    public enum Protocol { HTTP, HTTPS }

    public ReadinessCheckSpec {
        httpStatusCodesForReady = List.copyOf(httpStatusCodesForReady);
    }
}
