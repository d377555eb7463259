package io.pacer.scheduler.app;

import java.util.Optional;

/**
 * One of an app's health checks, as Marathon's AppHealthCheck (types/healthCheck.raml). Every protocol runs in
 * Pacer's executor, next to the task: HTTP and MESOS_HTTP alike.
 */
public record HealthCheckSpec(Protocol protocol, String path, Optional<Integer> portIndex, Optional<Integer> port,
                              Optional<String> command, int gracePeriodSeconds, int intervalSeconds,
                              int timeoutSeconds, int maxConsecutiveFailures, int delaySeconds, boolean ignoreHttp1xx) {

    /** Marathon's AppHealthCheckProtocol. */
    public enum Protocol {
        HTTP, HTTPS, TCP, COMMAND, MESOS_HTTP, MESOS_HTTPS, MESOS_TCP;

        public boolean isHttp() {
            return this == HTTP || this == HTTPS || this == MESOS_HTTP || this == MESOS_HTTPS;
        }

        public boolean isTcp() {
            return this == TCP || this == MESOS_TCP;
        }
    }
}
