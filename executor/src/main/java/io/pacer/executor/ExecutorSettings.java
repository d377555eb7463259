package io.pacer.executor;

import io.pacer.mesos.MesosDuration;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the executor is told at start, from the environment the agent gives a custom executor
 * ({@code executorEnvironment()} in src/slave/slave.cpp; shared/reference/mesos-v1-http.md A.2 and Part C), plus
 * Pacer's own {@code PACER_EXECUTOR_*} variables, which the scheduler sets in {@code ExecutorInfo.command.environment}.
 *
 * @param agent                   {@code http://$MESOS_AGENT_ENDPOINT}
 * @param sandbox                 MESOS_SANDBOX (else MESOS_DIRECTORY, else the working directory)
 * @param checkpoint              MESOS_CHECKPOINT=1: survive an agent restart
 * @param recoveryTimeout         MESOS_RECOVERY_TIMEOUT (only with checkpointing; default 15mins)
 * @param subscriptionBackoffMax  MESOS_SUBSCRIPTION_BACKOFF_MAX (only with checkpointing; default 2secs)
 * @param shutdownGracePeriod     MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD (default 5secs)
 * @param idleTimeout             PACER_EXECUTOR_IDLE_TIMEOUT: leave after this long without a task (default 60secs)
 * @param acknowledgementTimeout  PACER_EXECUTOR_ACK_TIMEOUT: how long to wait for the agent to acknowledge the last
 *                                updates before leaving anyway (default 60secs, as the command executor's fail-safe)
 * @param endpointPort            PACER_EXECUTOR_ENDPOINT_PORT: the executor's HTTP endpoint (0 = any free port)
 * @param endpointBind            PACER_EXECUTOR_ENDPOINT_BIND: the IP address it listens on (empty: all interfaces)
 * @param advertisedHost          where the endpoint is reachable: LIBPROCESS_IP, else the agent's hostname
 * @param authenticationToken     MESOS_EXECUTOR_AUTHENTICATION_TOKEN: what an agent run with
 *                                {@code --authenticate_http_executors} wants as {@code Authorization: Bearer}
 */
public record ExecutorSettings(String frameworkId, String executorId, URI agent, Path sandbox, boolean checkpoint,
                               Duration recoveryTimeout, Duration subscriptionBackoffMax, Duration shutdownGracePeriod,
                               Duration idleTimeout, Duration acknowledgementTimeout, int endpointPort,
                               Optional<InetAddress> endpointBind, Optional<String> advertisedHost, Optional<String> authenticationToken) {

    public static ExecutorSettings fromEnvironment(Map<String, String> env) {
        String sandbox = env.getOrDefault("MESOS_SANDBOX", env.getOrDefault("MESOS_DIRECTORY", "."));
        return new ExecutorSettings(
                required(env, "MESOS_FRAMEWORK_ID"),
                required(env, "MESOS_EXECUTOR_ID"),
                URI.create("http://" + required(env, "MESOS_AGENT_ENDPOINT")),
                Path.of(sandbox).toAbsolutePath(),
                "1".equals(env.get("MESOS_CHECKPOINT")),
                duration(env, "MESOS_RECOVERY_TIMEOUT", "15mins"),
                duration(env, "MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs"),
                duration(env, "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs"),
                duration(env, "PACER_EXECUTOR_IDLE_TIMEOUT", "60secs"),
                duration(env, "PACER_EXECUTOR_ACK_TIMEOUT", "60secs"),
                port(env.getOrDefault("PACER_EXECUTOR_ENDPOINT_PORT", "0")),
                Optional.ofNullable(env.get("PACER_EXECUTOR_ENDPOINT_BIND")).filter(a -> !a.isBlank()).map(ExecutorSettings::ipAddress),
                Optional.ofNullable(env.get("LIBPROCESS_IP")).filter(ip -> !ip.isBlank() && !ip.equals("0.0.0.0")),
                Optional.ofNullable(env.get("MESOS_EXECUTOR_AUTHENTICATION_TOKEN")).filter(t -> !t.isBlank()));
    }

    /** Where the endpoint listens: the bind address, or every interface. */
    public InetSocketAddress endpointAddress() {
        return endpointBind.map(a -> new InetSocketAddress(a, endpointPort)).orElseGet(() -> new InetSocketAddress(endpointPort));
    }

    /**
     * The host in the endpoint's advertised address: a specific bind address is the only one that answers (so
     * 127.0.0.1 when bound to loopback), else LIBPROCESS_IP, else the agent's hostname.
     */
    public String endpointHost(String agentHostname) {
        return endpointBind.filter(a -> !a.isAnyLocalAddress()).map(InetAddress::getHostAddress)
                .map(a -> a.contains(":") ? "[" + a + "]" : a)
                .or(() -> advertisedHost).orElse(agentHostname);
    }

    /** Never the token itself: settings may be logged. */
    @Override
    public String toString() {
        return "ExecutorSettings[framework " + frameworkId + ", executor " + executorId + ", agent " + agent + ", sandbox " + sandbox
                + ", authentication " + (authenticationToken.isPresent() ? "Bearer ***" : "none") + "]";
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set: the Pacer executor must be started by a Mesos agent");
        }
        return value;
    }

    private static Duration duration(Map<String, String> env, String name, String fallback) {
        String value = env.getOrDefault(name, fallback);
        try {
            return MesosDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    /** An IP literal only: a name would need a lookup that can fail or differ from what Pacer meant. */
    private static InetAddress ipAddress(String value) {
        String literal = value.trim();
        if (!literal.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new IllegalArgumentException("PACER_EXECUTOR_ENDPOINT_BIND must be an IP address, was '" + value + "'");
        }
        try {
            return InetAddress.getByName(literal); // no lookup for a literal
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("PACER_EXECUTOR_ENDPOINT_BIND must be an IP address, was '" + value + "'", e);
        }
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("PACER_EXECUTOR_ENDPOINT_PORT must be a port from 0 to 65535, was '" + value + "'");
    }
}
