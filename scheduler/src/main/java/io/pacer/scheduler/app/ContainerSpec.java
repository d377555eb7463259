package io.pacer.scheduler.app;

import java.util.List;
import java.util.Optional;

/** An app's Docker container (Marathon's container with type DOCKER, types/appContainer.raml). */
public record ContainerSpec(Docker docker, List<Volume> volumes) {
    public ContainerSpec {
        volumes = List.copyOf(volumes);
    }

    public enum Network { HOST, BRIDGE }

    public record Docker(String image, boolean forcePullImage, Network network, List<PortMapping> portMappings,
                         List<Parameter> parameters, boolean privileged) {
        public Docker {
            portMappings = List.copyOf(portMappings);
            parameters = List.copyOf(parameters);
        }
    }

    /** containerPort inside the container, hostPort on the agent (0 = any port the offer has). */
    public record PortMapping(int containerPort, int hostPort, String protocol, Optional<String> name) {
    }

    /** A {@code docker run --key=value} flag. */
    public record Parameter(String key, String value) {
    }

    /** containerPath inside, hostPath on the agent (relative = inside the task's sandbox); mode RO or RW. */
    public record Volume(String containerPath, String hostPath, String mode) {
    }
}
