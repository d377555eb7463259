package io.pacer.executor.spec;

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
 */
public record TaskSpec(Optional<TaskCommand> command, Map<String, String> env, List<ArtifactSpec> artifacts,
                       List<PortSpec> ports, Optional<String> appId, Optional<String> appVersion,
                       LogRotation logRotation) {
    public TaskSpec {
        env = Map.copyOf(env);
        artifacts = List.copyOf(artifacts);
        ports = List.copyOf(ports);
    }
}
