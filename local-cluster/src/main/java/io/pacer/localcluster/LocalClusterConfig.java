package io.pacer.localcluster;

import io.pacer.localcluster.isolation.IsolationSettings;
import io.pacer.localcluster.master.FrameworkCredentials;
import io.pacer.localcluster.resources.AgentAttributes;
import io.pacer.localcluster.resources.ResourceSpec;
import io.pacer.localcluster.resources.Resources;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * How to run a local cluster. The durations default to Mesos's own defaults (flags in src/master/flags.cpp,
 * src/slave/flags.cpp and src/slave/constants.hpp); tests shorten them.
 *
 * @param host                          address the master and agents listen on
 * @param port                          the master's port; 0 picks a free one
 * @param workDir                       agents' work dirs live under {@code workDir/agent-<n>}
 * @param agents                        how many agents run in this process
 * @param agentResources                what each agent offers, unreserved
 * @param agentAttributes               the agents' attributes (Mesos: --attributes), one spec for all or one each
 * @param heartbeatInterval             between scheduler HEARTBEAT events (Mesos: 15 s)
 * @param allocationInterval            between periodic allocation rounds (Mesos: 1 s)
 * @param offerTimeout                  outstanding offers are rescinded after this (Mesos: none)
 * @param statusUpdateRetryInitial      first retry of an unacknowledged status update (Mesos: 10 s, doubling)
 * @param statusUpdateRetryMax          retries stop doubling here (Mesos: 10 min)
 * @param executorRegistrationTimeout   a new executor must subscribe within this (Mesos: 1 min)
 * @param executorReregistrationTimeout after an agent restart, executors must re-subscribe within this (Mesos: 2 s)
 * @param executorShutdownGracePeriod   default between SHUTDOWN and SIGKILL (Mesos: 5 s)
 * @param recoveryTimeout               given to checkpointing executors as MESOS_RECOVERY_TIMEOUT (Mesos: 15 min)
 * @param executorHeartbeatInterval     between HEARTBEAT events to executors (Mesos: 30 min)
 * @param isolation                     how executor containers are isolated (Mesos: --isolation, --cgroups_enable_cfs)
 * @param frameworkCredentials          when present, HTTP frameworks must authenticate with one (Mesos: --authenticate_http_frameworks, --credentials)
 * @param authenticateExecutors         executors get a token and must present it (Mesos: --authenticate_http_executors)
 * @param clock                         for timestamps
 */
public record LocalClusterConfig(
        String host,
        int port,
        Path workDir,
        int agents,
        Resources agentResources,
        AgentAttributes agentAttributes,
        Duration heartbeatInterval,
        Duration allocationInterval,
        Optional<Duration> offerTimeout,
        Duration statusUpdateRetryInitial,
        Duration statusUpdateRetryMax,
        Duration executorRegistrationTimeout,
        Duration executorReregistrationTimeout,
        Duration executorShutdownGracePeriod,
        Duration recoveryTimeout,
        Duration executorHeartbeatInterval,
        IsolationSettings isolation,
        Optional<FrameworkCredentials> frameworkCredentials,
        boolean authenticateExecutors,
        Clock clock) {

    public static final String DEFAULT_RESOURCES = "cpus:4;mem:8192;disk:20000;ports:[31000-32000]";

    public LocalClusterConfig {
        if (agents < 1) {
            throw new IllegalArgumentException("agents must be at least 1, was " + agents);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0-65535, was " + port);
        }
        agentAttributes.requireFits(agents);
    }

    public static LocalClusterConfig defaults(Path workDir) {
        return new LocalClusterConfig("127.0.0.1", 5050, workDir, 1, ResourceSpec.parse(DEFAULT_RESOURCES), AgentAttributes.NONE,
                Duration.ofSeconds(15), Duration.ofSeconds(1), Optional.empty(),
                Duration.ofSeconds(10), Duration.ofMinutes(10),
                Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(15),
                Duration.ofMinutes(30), IsolationSettings.defaults(), Optional.empty(), false, Clock.systemUTC());
    }

    /** HTTP frameworks must authenticate with one of these (Mesos's --authenticate_http_frameworks --credentials). */
    public LocalClusterConfig withFrameworkCredentials(FrameworkCredentials credentials) {
        return new LocalClusterConfig(host, port, workDir, agents, agentResources, agentAttributes, heartbeatInterval, allocationInterval,
                offerTimeout, statusUpdateRetryInitial, statusUpdateRetryMax, executorRegistrationTimeout, executorReregistrationTimeout,
                executorShutdownGracePeriod, recoveryTimeout, executorHeartbeatInterval, isolation, Optional.of(credentials), authenticateExecutors, clock);
    }

    /** Executors must present the token their agent gives them (Mesos's --authenticate_http_executors). */
    public LocalClusterConfig withExecutorAuthentication() {
        return new LocalClusterConfig(host, port, workDir, agents, agentResources, agentAttributes, heartbeatInterval, allocationInterval,
                offerTimeout, statusUpdateRetryInitial, statusUpdateRetryMax, executorRegistrationTimeout, executorReregistrationTimeout,
                executorShutdownGracePeriod, recoveryTimeout, executorHeartbeatInterval, isolation, frameworkCredentials, true, clock);
    }

    public LocalClusterConfig withPort(int port) {
        return new LocalClusterConfig(host, port, workDir, agents, agentResources, agentAttributes, heartbeatInterval, allocationInterval, offerTimeout,
                statusUpdateRetryInitial, statusUpdateRetryMax, executorRegistrationTimeout, executorReregistrationTimeout,
                executorShutdownGracePeriod, recoveryTimeout, executorHeartbeatInterval, isolation, frameworkCredentials, authenticateExecutors, clock);
    }

    public LocalClusterConfig withExecutorHeartbeatInterval(Duration interval) {
        return new LocalClusterConfig(host, port, workDir, agents, agentResources, agentAttributes, heartbeatInterval, allocationInterval, offerTimeout,
                statusUpdateRetryInitial, statusUpdateRetryMax, executorRegistrationTimeout, executorReregistrationTimeout,
                executorShutdownGracePeriod, recoveryTimeout, interval, isolation, frameworkCredentials, authenticateExecutors, clock);
    }

    public LocalClusterConfig withHost(String host) {
        return new LocalClusterConfig(host, port, workDir, agents, agentResources, agentAttributes, heartbeatInterval, allocationInterval, offerTimeout,
                statusUpdateRetryInitial, statusUpdateRetryMax, executorRegistrationTimeout, executorReregistrationTimeout,
                executorShutdownGracePeriod, recoveryTimeout, executorHeartbeatInterval, isolation, frameworkCredentials, authenticateExecutors, clock);
    }

    public LocalClusterConfig withAgents(int agents, Resources agentResources) {
        return new LocalClusterConfig(host, port, workDir, agents, agentResources, agentAttributes, heartbeatInterval, allocationInterval, offerTimeout,
                statusUpdateRetryInitial, statusUpdateRetryMax, executorRegistrationTimeout, executorReregistrationTimeout,
                executorShutdownGracePeriod, recoveryTimeout, executorHeartbeatInterval, isolation, frameworkCredentials, authenticateExecutors, clock);
    }

    public LocalClusterConfig withAgentAttributes(AgentAttributes agentAttributes) {
        return new LocalClusterConfig(host, port, workDir, agents, agentResources, agentAttributes, heartbeatInterval, allocationInterval, offerTimeout,
                statusUpdateRetryInitial, statusUpdateRetryMax, executorRegistrationTimeout, executorReregistrationTimeout,
                executorShutdownGracePeriod, recoveryTimeout, executorHeartbeatInterval, isolation, frameworkCredentials, authenticateExecutors, clock);
    }

    public LocalClusterConfig withMasterTimings(Duration heartbeatInterval, Duration allocationInterval, Optional<Duration> offerTimeout) {
        return new LocalClusterConfig(host, port, workDir, agents, agentResources, agentAttributes, heartbeatInterval, allocationInterval, offerTimeout,
                statusUpdateRetryInitial, statusUpdateRetryMax, executorRegistrationTimeout, executorReregistrationTimeout,
                executorShutdownGracePeriod, recoveryTimeout, executorHeartbeatInterval, isolation, frameworkCredentials, authenticateExecutors, clock);
    }

    public LocalClusterConfig withStatusUpdateRetry(Duration initial, Duration max) {
        return new LocalClusterConfig(host, port, workDir, agents, agentResources, agentAttributes, heartbeatInterval, allocationInterval, offerTimeout,
                initial, max, executorRegistrationTimeout, executorReregistrationTimeout,
                executorShutdownGracePeriod, recoveryTimeout, executorHeartbeatInterval, isolation, frameworkCredentials, authenticateExecutors, clock);
    }

    public LocalClusterConfig withExecutorTimings(Duration registrationTimeout, Duration reregistrationTimeout, Duration shutdownGracePeriod) {
        return new LocalClusterConfig(host, port, workDir, agents, agentResources, agentAttributes, heartbeatInterval, allocationInterval, offerTimeout,
                statusUpdateRetryInitial, statusUpdateRetryMax, registrationTimeout, reregistrationTimeout,
                shutdownGracePeriod, recoveryTimeout, executorHeartbeatInterval, isolation, frameworkCredentials, authenticateExecutors, clock);
    }

    public LocalClusterConfig withIsolation(IsolationSettings isolation) {
        return new LocalClusterConfig(host, port, workDir, agents, agentResources, agentAttributes, heartbeatInterval, allocationInterval, offerTimeout,
                statusUpdateRetryInitial, statusUpdateRetryMax, executorRegistrationTimeout, executorReregistrationTimeout,
                executorShutdownGracePeriod, recoveryTimeout, executorHeartbeatInterval, isolation, frameworkCredentials, authenticateExecutors, clock);
    }
}
