package io.pacer.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutorSettingsTest {
    static Map<String, String> agentEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("MESOS_FRAMEWORK_ID", "fw-1");
        env.put("MESOS_EXECUTOR_ID", "ex-1");
        env.put("MESOS_AGENT_ENDPOINT", "10.0.0.5:5051");
        env.put("MESOS_DIRECTORY", "/var/lib/mesos/slaves/a/frameworks/f/executors/e/runs/c");
        env.put("MESOS_SANDBOX", "/var/lib/mesos/slaves/a/frameworks/f/executors/e/runs/c");
        env.put("MESOS_CHECKPOINT", "0");
        env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs");
        return env;
    }

    @Test
    void readsWhatTheAgentSetsWithMesossDefaults() {
        ExecutorSettings settings = ExecutorSettings.fromEnvironment(agentEnvironment());

        assertThat(settings.frameworkId()).isEqualTo("fw-1");
        assertThat(settings.agent()).isEqualTo(URI.create("http://10.0.0.5:5051"));
        assertThat(settings.sandbox()).isEqualTo(Path.of("/var/lib/mesos/slaves/a/frameworks/f/executors/e/runs/c"));
        assertThat(settings.checkpoint()).isFalse();
        assertThat(settings.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.recoveryTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.subscriptionBackoffMax()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.acknowledgementTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.endpointPort()).isZero();
        assertThat(settings.advertisedHost()).isEmpty();
    }

    @Test
    void checkpointingAndPacersOwnVariables() {
        Map<String, String> env = agentEnvironment();
        env.putAll(Map.of("MESOS_CHECKPOINT", "1", "MESOS_RECOVERY_TIMEOUT", "2.5mins", "MESOS_SUBSCRIPTION_BACKOFF_MAX", "500ms",
                "PACER_EXECUTOR_IDLE_TIMEOUT", "10secs", "PACER_EXECUTOR_ENDPOINT_PORT", "31005", "LIBPROCESS_IP", "10.0.0.5"));

        ExecutorSettings settings = ExecutorSettings.fromEnvironment(env);

        assertThat(settings.checkpoint()).isTrue();
        assertThat(settings.recoveryTimeout()).isEqualTo(Duration.ofSeconds(150));
        assertThat(settings.subscriptionBackoffMax()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.endpointPort()).isEqualTo(31005);
        assertThat(settings.advertisedHost()).contains("10.0.0.5");
    }

    @Test
    void theEndpointListensOnTheBindAddressAndAdvertisesIt() {
        Map<String, String> env = agentEnvironment();
        env.put("LIBPROCESS_IP", "10.0.0.5");
        ExecutorSettings everywhere = ExecutorSettings.fromEnvironment(env);
        assertThat(everywhere.endpointAddress().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(everywhere.endpointHost("agent-1")).isEqualTo("10.0.0.5");
        env.remove("LIBPROCESS_IP");
        assertThat(ExecutorSettings.fromEnvironment(env).endpointHost("agent-1")).isEqualTo("agent-1");

        env.put("PACER_EXECUTOR_ENDPOINT_BIND", "127.0.0.1");
        ExecutorSettings loopback = ExecutorSettings.fromEnvironment(env);
        assertThat(loopback.endpointAddress().getAddress().isLoopbackAddress()).isTrue();
        assertThat(loopback.endpointHost("agent-1")).isEqualTo("127.0.0.1");
        env.put("PACER_EXECUTOR_ENDPOINT_BIND", "::1");
        assertThat(ExecutorSettings.fromEnvironment(env).endpointHost("agent-1")).isEqualTo("[0:0:0:0:0:0:0:1]");
        env.put("PACER_EXECUTOR_ENDPOINT_BIND", "0.0.0.0");
        assertThat(ExecutorSettings.fromEnvironment(env).endpointHost("agent-1")).isEqualTo("agent-1");

        env.put("PACER_EXECUTOR_ENDPOINT_BIND", "localhost");
        assertThatThrownBy(() -> ExecutorSettings.fromEnvironment(env)).hasMessageContaining("PACER_EXECUTOR_ENDPOINT_BIND must be an IP address");
    }

    @Test
    void theAgentsAuthenticationTokenIsReadAndNeverPrinted() {
        Map<String, String> env = agentEnvironment();
        assertThat(ExecutorSettings.fromEnvironment(env).authenticationToken()).isEmpty();
        env.put("MESOS_EXECUTOR_AUTHENTICATION_TOKEN", "eyJhbGciOiJIUzI1NiJ9.eyJmaWQiOiJmIn0.c2ln");

        ExecutorSettings settings = ExecutorSettings.fromEnvironment(env);

        assertThat(settings.authenticationToken()).contains("eyJhbGciOiJIUzI1NiJ9.eyJmaWQiOiJmIn0.c2ln");
        assertThat(settings.toString()).contains("Bearer ***").doesNotContain("c2ln");
    }

    @Test
    void mistakesNameTheVariable() {
        Map<String, String> missing = agentEnvironment();
        missing.remove("MESOS_AGENT_ENDPOINT");
        assertThatThrownBy(() -> ExecutorSettings.fromEnvironment(missing)).hasMessageStartingWith("MESOS_AGENT_ENDPOINT is not set");

        Map<String, String> badDuration = agentEnvironment();
        badDuration.put("PACER_EXECUTOR_IDLE_TIMEOUT", "60");
        assertThatThrownBy(() -> ExecutorSettings.fromEnvironment(badDuration)).hasMessageStartingWith("PACER_EXECUTOR_IDLE_TIMEOUT: '60' is not a Mesos duration");

        Map<String, String> badPort = agentEnvironment();
        badPort.put("PACER_EXECUTOR_ENDPOINT_PORT", "70000");
        assertThatThrownBy(() -> ExecutorSettings.fromEnvironment(badPort)).hasMessageContaining("PACER_EXECUTOR_ENDPOINT_PORT");
    }
}
