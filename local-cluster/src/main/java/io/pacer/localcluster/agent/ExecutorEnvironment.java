package io.pacer.localcluster.agent;

import io.pacer.mesos.MesosDuration;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorInfo;

/**
 * The environment of a custom executor, exactly the variables Mesos sets (src/slave/slave.cpp
 * {@code executorEnvironment}, plus MESOS_SANDBOX and PATH from the Mesos containerizer), then the
 * executor's own {@code CommandInfo.environment}. Nothing of the cluster's own environment is passed on.
 */
final class ExecutorEnvironment {
    /** The PATH the Mesos containerizer gives when the command sets none (src/slave/containerizer/mesos/launch.cpp). */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /**
     * @param agentEndpoint  {@code ip:port} of the agent's executor API
     * @param checkpoint     the framework's {@code FrameworkInfo.checkpoint}
     */
    record AgentSide(String agentIp, String agentEndpoint, AgentID agentId, Duration defaultShutdownGracePeriod,
                     Duration recoveryTimeout, Duration executorReregistrationTimeout, Optional<ExecutorTokens> executorTokens) {
    }

    private ExecutorEnvironment() {
    }

    static Map<String, String> of(AgentSide agent, ExecutorInfo executor, ContainerID containerId, Sandbox sandbox, boolean checkpoint) {
        Map<String, String> env = new TreeMap<>();
        env.put("LIBPROCESS_IP", agent.agentIp());
        env.put("LIBPROCESS_PORT", "0");
        env.put("MESOS_FRAMEWORK_ID", executor.getFrameworkId().getValue());
        env.put("MESOS_EXECUTOR_ID", executor.getExecutorId().getValue());
        env.put("MESOS_DIRECTORY", sandbox.directory().toString());
        env.put("MESOS_SANDBOX", sandbox.directory().toString());
        env.put("MESOS_SLAVE_ID", agent.agentId().getValue());
        env.put("MESOS_SLAVE_PID", "slave(1)@" + agent.agentEndpoint());
        env.put("MESOS_AGENT_ENDPOINT", agent.agentEndpoint());
        env.put("MESOS_CHECKPOINT", checkpoint ? "1" : "0");
        env.put("MESOS_HTTP_COMMAND_EXECUTOR", "0");
        env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", MesosDuration.format(shutdownGracePeriod(agent, executor)));
        if (checkpoint) {
            env.put("MESOS_RECOVERY_TIMEOUT", MesosDuration.format(agent.recoveryTimeout()));
            env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", MesosDuration.format(agent.executorReregistrationTimeout()));
        }
        agent.executorTokens().ifPresent(tokens -> env.put("MESOS_EXECUTOR_AUTHENTICATION_TOKEN",
                tokens.issue(executor.getFrameworkId(), executor.getExecutorId(), containerId)));
        env.put("PATH", DEFAULT_PATH);
        for (Environment.Variable v : executor.getCommand().getEnvironment().getVariablesList()) {
            if (v.getType() == Environment.Variable.Type.SECRET) {
                throw new IllegalArgumentException("environment variable " + v.getName() + " is a SECRET, which the local cluster cannot resolve");
            }
            env.put(v.getName(), v.getValue());
        }
        return env;
    }

    static Duration shutdownGracePeriod(AgentSide agent, ExecutorInfo executor) {
        return executor.hasShutdownGracePeriod()
                ? Duration.ofNanos(executor.getShutdownGracePeriod().getNanoseconds())
                : agent.defaultShutdownGracePeriod();
    }
}
