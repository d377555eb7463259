package io.pacer.executor.health;

import io.pacer.executor.spec.TaskCommand;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A task's health check as Mesos's {@code HealthCheck} proto defines it (include/mesos/v1/mesos.proto, docs/health-checks.md).
 *
 * @param delay               wait this long after TASK_RUNNING before the first check
 * @param interval            from the end of one check to the start of the next (as Mesos's checker_process.cpp)
 * @param timeout             a check not done by then has failed; empty = no timeout (Mesos's 0)
 * @param consecutiveFailures this many failures in a row kill the task; 0: failures are reported, the task is never
 *                            killed for them. Mesos's checker kills at the first failure when the field is 0 (its test
 *                            is {@code failures >= consecutive_failures}), which makes 0 mean the same as 1 there;
 *                            Pacer gives 0 the meaning Marathon gives {@code maxConsecutiveFailures: 0} for its own
 *                            HTTP/HTTPS/TCP checks (docs/health-checks.md), and its scheduler sends 1 for a
 *                            MESOS_* or COMMAND check of 0, so both of Marathon's meanings reach the executor
 * @param gracePeriod         counted from the task's start; failures inside it are ignored until the first success
 */
public record HealthCheckSpec(Probe probe, Duration delay, Duration interval, Optional<Duration> timeout,
                              int consecutiveFailures, Duration gracePeriod) {

    /** What one check does. */
    public sealed interface Probe {
        /** Mesos's HealthCheck.Type name, for logs, messages and metrics. */
        String type();

        /** What is checked, for messages: a URL, an address or a command line. */
        String target();
    }

    /** A check that connects to {@code host:port}. */
    public sealed interface NetworkProbe extends Probe {
        String host();

        int port();

        /** The same check of another address (a container's, for BRIDGE networking). */
        NetworkProbe at(String otherHost, int otherPort);
    }

    /**
     * @param statuses      the codes that count as healthy; empty = 200 to 399, as Mesos's HTTP check
     * @param keepBodyBytes 0: only the status is read (health checks); more: the response is kept, its body up to
     *                      this many bytes (readiness checks that preserve their last response)
     */
    public record Http(boolean https, String host, int port, String path, Set<Integer> statuses, int keepBodyBytes)
            implements NetworkProbe {
        public Http {
            statuses = Set.copyOf(statuses);
        }

        public Http(boolean https, String host, int port, String path, Set<Integer> statuses) {
            this(https, host, port, path, statuses, 0);
        }

        @Override
        public String type() {
            return https ? "HTTPS" : "HTTP";
        }

        @Override
        public String target() {
            return (https ? "https" : "http") + "://" + host + ":" + port + path;
        }

        @Override
        public Http at(String otherHost, int otherPort) {
            return new Http(https, otherHost, otherPort, path, statuses, keepBodyBytes);
        }

        public boolean isHealthy(int status) {
            return statuses.isEmpty() ? status >= 200 && status < 400 : statuses.contains(status);
        }
    }

    public record Tcp(String host, int port) implements NetworkProbe {
        @Override
        public String type() {
            return "TCP";
        }

        @Override
        public String target() {
            return host + ":" + port;
        }

        @Override
        public Tcp at(String otherHost, int otherPort) {
            return new Tcp(otherHost, otherPort);
        }
    }

    /** Runs in the task's sandbox with the task's environment plus {@code env}. */
    public record Command(TaskCommand command, Map<String, String> env) implements Probe {
        public Command {
            env = Map.copyOf(env);
        }

        @Override
        public String type() {
            return "COMMAND";
        }

        @Override
        public String target() {
            return String.join(" ", command.argv());
        }
    }
}
