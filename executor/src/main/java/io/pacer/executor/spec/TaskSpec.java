package io.pacer.executor.spec;

import io.pacer.executor.readiness.ReadinessCheckSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of a task Mesos has no TaskInfo field for, as the scheduler writes it in {@code TaskInfo.data}
 * (docs/task-spec.md).
 *
 * @param command    empty only for a container that runs its image's own command
 * @param appId      Marathon-style app path, e.g. {@code /web/shop}, for MARATHON_APP_ID
 * @param appVersion the app definition's version, for MARATHON_APP_VERSION
 * @param readinessChecks run once the task is running, until ready (Marathon's readinessChecks)
 */
public record TaskSpec(Optional<TaskCommand> command, Map<String, String> env, List<ArtifactSpec> artifacts,
                       List<PortSpec> ports, Optional<String> appId, Optional<String> appVersion,
                       LogRotation logRotation, List<ReadinessCheckSpec> readinessChecks) {
    public TaskSpec {
        env = Map.copyOf(env);
        artifacts = List.copyOf(artifacts);
        ports = List.copyOf(ports);
        readinessChecks = List.copyOf(readinessChecks);
    }

    /** A spec without readiness checks. */
    public TaskSpec(Optional<TaskCommand> command, Map<String, String> env, List<ArtifactSpec> artifacts,
                    List<PortSpec> ports, Optional<String> appId, Optional<String> appVersion, LogRotation logRotation) {
        this(command, env, artifacts, ports, appId, appVersion, logRotation, List.of());
    }
}
