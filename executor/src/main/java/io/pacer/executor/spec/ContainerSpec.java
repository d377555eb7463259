package io.pacer.executor.spec;

import java.util.List;
import java.util.Optional;

/**
 * A task's Docker container, read from {@code TaskInfo.container} (type DOCKER) by {@link TaskInfoReader}.
 *
 * @param portMappings BRIDGE only: host ports (from the task's ports resource) to container ports
 * @param volumes      bind mounts; a relative host path is inside the task's sandbox (as Mesos's docker.cpp)
 */
public record ContainerSpec(String image, boolean forcePullImage, Network network, List<PortMapping> portMappings,
                            List<Parameter> parameters, boolean privileged, List<Volume> volumes) {
    /** Where the task's sandbox appears inside the container: the Mesos agent's {@code --sandbox_directory} default. */
    public static final String SANDBOX_PATH = "/mnt/mesos/sandbox";

    public ContainerSpec {
        portMappings = List.copyOf(portMappings);
        parameters = List.copyOf(parameters);
        volumes = List.copyOf(volumes);
    }

    /** Mesos's DockerInfo.Network, less USER (a named network Pacer does not manage). */
    public enum Network { HOST, BRIDGE, NONE }

    /** @param protocols {@code tcp}, {@code udp} or both */
    public record PortMapping(int hostPort, int containerPort, List<String> protocols) {
        public PortMapping {
            protocols = List.copyOf(protocols);
        }
    }

    /** A {@code docker run --key=value} flag of a kind Pacer applies. */
    public record Parameter(DockerParameter key, String value) {
    }

    public record Volume(String containerPath, String hostPath, boolean readOnly) {
    }

    /** The container port behind a host port, when a mapping publishes it. */
    public Optional<Integer> containerPortFor(int hostPort) {
        return portMappings.stream().filter(m -> m.hostPort() == hostPort).map(PortMapping::containerPort).findFirst();
    }
}
