package io.pacer.executor.spec;

import io.pacer.executor.health.HealthCheckSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.Protos.Volume;

/** Turns a TaskInfo from a LAUNCH event into a {@link TaskDescription}; the rest of the executor never sees the proto. */
public final class TaskInfoReader {
    /** Network checks of a process task connect to the agent's loopback, as Mesos's checks of a command task. */
    static final String LOOPBACK = "127.0.0.1";
    private final TaskSpecParser specParser = new TaskSpecParser();

    public TaskDescription read(TaskInfo task) throws InvalidTaskException {
        if (!task.hasData() || task.getData().isEmpty()) {
            throw new InvalidTaskException("TaskInfo.data is empty: the Pacer executor needs the task spec of docs/task-spec.md there");
        }
        TaskSpec spec = specParser.parse(task.getData().toByteArray());
        TaskResources resources = resources(task.getResourcesList());
        if (spec.ports().size() > resources.ports().size()) {
            throw new InvalidTaskException("the spec describes " + spec.ports().size() + " ports but the task has only "
                    + resources.ports().size() + " in its ports resource");
        }
        Optional<HealthCheckSpec> healthCheck = task.hasHealthCheck()
                ? Optional.of(healthCheck(task.getHealthCheck())) : Optional.empty();
        Optional<Duration> killGrace = task.hasKillPolicy() && task.getKillPolicy().hasGracePeriod()
                ? Optional.of(Duration.ofNanos(task.getKillPolicy().getGracePeriod().getNanoseconds())) : Optional.empty();
        Map<String, String> labels = new LinkedHashMap<>();
        for (Label label : task.getLabels().getLabelsList()) {
            labels.put(label.getKey(), label.getValue());
        }
        Optional<ContainerSpec> container = task.hasContainer() ? Optional.of(container(task.getContainer(), resources))
                : Optional.empty();
        if (container.isEmpty() && spec.command().isEmpty()) {
            throw new InvalidTaskException("a task without a container needs a command: give cmd or args in TaskInfo.data");
        }
        return new TaskDescription(task.getTaskId().getValue(), task.getName(), spec, resources, healthCheck, killGrace,
                labels, container);
    }

    /** As Mesos's docker.cpp reads a ContainerInfo for {@code docker run}, with its checks made up front. */
    static ContainerSpec container(ContainerInfo container, TaskResources resources) throws InvalidTaskException {
        if (container.getType() != ContainerInfo.Type.DOCKER || !container.hasDocker()) {
            throw new InvalidTaskException("container.type must be DOCKER with container.docker set; the Pacer executor "
                    + "runs no other kind of container, was " + container.getType());
        }
        ContainerInfo.DockerInfo docker = container.getDocker();
        if (docker.getImage().isBlank()) {
            throw new InvalidTaskException("container.docker.image is required");
        }
        ContainerSpec.Network network = switch (docker.getNetwork()) {
            case HOST -> ContainerSpec.Network.HOST;
            case BRIDGE -> ContainerSpec.Network.BRIDGE;
            case NONE -> ContainerSpec.Network.NONE;
            default -> throw new InvalidTaskException("container.docker.network must be HOST, BRIDGE or NONE, was "
                    + docker.getNetwork());
        };
        List<ContainerSpec.PortMapping> mappings = new ArrayList<>();
        for (int i = 0; i < docker.getPortMappingsCount(); i++) {
            mappings.add(portMapping(docker.getPortMappings(i), "container.docker.port_mappings[" + i + "]", network, resources));
        }
        List<ContainerSpec.Parameter> parameters = new ArrayList<>();
        for (Parameter p : docker.getParametersList()) {
            DockerParameter key = DockerParameter.forKey(p.getKey()).orElseThrow(() -> new InvalidTaskException(
                    "container.docker.parameters: " + p.getKey() + " is not a docker run flag Pacer supports; it supports "
                            + DockerParameter.supportedKeys()));
            Optional<String> problem = key.problemWith(p.getValue());
            if (problem.isPresent()) {
                throw new InvalidTaskException("container.docker.parameters: " + p.getKey() + " " + problem.get()
                        + ", was '" + p.getValue() + "'");
            }
            parameters.add(new ContainerSpec.Parameter(key, p.getValue()));
        }
        List<ContainerSpec.Volume> volumes = new ArrayList<>();
        for (int i = 0; i < container.getVolumesCount(); i++) {
            volumes.add(volume(container.getVolumes(i), "container.volumes[" + i + "]"));
        }
        return new ContainerSpec(docker.getImage(), docker.getForcePullImage(), network, mappings, parameters,
                docker.getPrivileged(), volumes);
    }

    private static ContainerSpec.PortMapping portMapping(ContainerInfo.DockerInfo.PortMapping m, String field,
                                                         ContainerSpec.Network network, TaskResources resources)
            throws InvalidTaskException {
        if (network != ContainerSpec.Network.BRIDGE) {
            throw new InvalidTaskException(field + ": port mappings need BRIDGE networking, the network is " + network);
        }
        if (!resources.ports().contains(m.getHostPort())) {
            throw new InvalidTaskException(field + ".host_port " + m.getHostPort() + " is not in the task's ports resource "
                    + resources.ports());
        }
        port(m.getContainerPort(), field + ".container_port");
        String protocol = m.hasProtocol() ? m.getProtocol() : "tcp";
        List<String> protocols = List.of(protocol.split(","));
        if (protocols.isEmpty() || !protocols.stream().allMatch(p -> p.equals("tcp") || p.equals("udp"))) {
            throw new InvalidTaskException(field + ".protocol must be tcp, udp or udp,tcp, was " + protocol);
        }
        return new ContainerSpec.PortMapping(m.getHostPort(), m.getContainerPort(), protocols);
    }

    private static ContainerSpec.Volume volume(Volume v, String field) throws InvalidTaskException {
        if (!v.hasHostPath() || v.getHostPath().isEmpty()) {
            throw new InvalidTaskException(field + ".host_path is required (the Pacer executor mounts host paths only)");
        }
        if (v.getContainerPath().isEmpty()) {
            throw new InvalidTaskException(field + ".container_path is required");
        }
        if (!v.getHostPath().startsWith("/") && !v.getContainerPath().startsWith("/")) {
            throw new InvalidTaskException(field + ": host_path '" + v.getHostPath() + "' and container_path '"
                    + v.getContainerPath() + "' are both relative");
        }
        return new ContainerSpec.Volume(v.getContainerPath(), v.getHostPath(), v.getMode() == Volume.Mode.RO);
    }

    static TaskResources resources(List<Resource> list) {
        double cpus = 0, mem = 0, disk = 0, gpus = 0;
        List<Integer> ports = new ArrayList<>();
        for (Resource r : list) {
            switch (r.getName()) {
                case "cpus" -> cpus += r.getScalar().getValue();
                case "mem" -> mem += r.getScalar().getValue();
                case "disk" -> disk += r.getScalar().getValue();
                case "gpus" -> gpus += r.getScalar().getValue();
                case "ports" -> {
                    for (Value.Range range : r.getRanges().getRangeList()) {
                        for (long p = range.getBegin(); p <= range.getEnd(); p++) {
                            ports.add((int) p);
                        }
                    }
                }
                default -> { }
            }
        }
        return new TaskResources(cpus, mem, disk, gpus, ports);
    }

    static HealthCheckSpec healthCheck(HealthCheck check) throws InvalidTaskException {
        HealthCheckSpec.Probe probe = switch (check.getType()) {
            case HTTP -> {
                if (!check.hasHttp()) {
                    throw new InvalidTaskException("health_check.http is required for an HTTP health check");
                }
                String scheme = check.getHttp().hasScheme() ? check.getHttp().getScheme() : "http";
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    throw new InvalidTaskException("health_check.http.scheme must be http or https, was " + scheme);
                }
                String path = check.getHttp().hasPath() ? check.getHttp().getPath() : "/";
                yield new HealthCheckSpec.Http(scheme.equals("https"), LOOPBACK, port(check.getHttp().getPort(), "health_check.http.port"),
                        path.startsWith("/") ? path : "/" + path, Set.copyOf(check.getHttp().getStatusesList()));
            }
            case TCP -> {
                if (!check.hasTcp()) {
                    throw new InvalidTaskException("health_check.tcp is required for a TCP health check");
                }
                yield new HealthCheckSpec.Tcp(LOOPBACK, port(check.getTcp().getPort(), "health_check.tcp.port"));
            }
            case COMMAND -> {
                if (!check.hasCommand()) {
                    throw new InvalidTaskException("health_check.command is required for a COMMAND health check");
                }
                yield new HealthCheckSpec.Command(command(check.getCommand()), environment(check.getCommand().getEnvironment()));
            }
            default -> throw new InvalidTaskException("health_check.type must be HTTP, TCP or COMMAND, was " + check.getType());
        };
        if (check.getConsecutiveFailures() < 0) {
            throw new InvalidTaskException("health_check.consecutive_failures must be at most " + Integer.MAX_VALUE
                    + " (0: the task is never killed for failed checks)");
        }
        // Unset fields read as the proto's defaults (15, 10, 20, 3, 10), which are Mesos's.
        double timeout = check.getTimeoutSeconds();
        return new HealthCheckSpec(probe, seconds(check.getDelaySeconds(), "delay_seconds"),
                seconds(check.getIntervalSeconds(), "interval_seconds"),
                timeout == 0 ? Optional.empty() : Optional.of(seconds(timeout, "timeout_seconds")),
                check.getConsecutiveFailures(), seconds(check.getGracePeriodSeconds(), "grace_period_seconds"));
    }

    private static TaskCommand command(CommandInfo command) throws InvalidTaskException {
        if (!command.hasValue() || command.getValue().isBlank()) {
            throw new InvalidTaskException("health_check.command.value is required");
        }
        if (command.getShell()) {
            return new TaskCommand.Shell(command.getValue());
        }
        // As Mesos: with shell=false, value is the program and arguments the whole argv (argv[0] included).
        List<String> argv = command.getArgumentsCount() == 0 ? List.of(command.getValue()) : command.getArgumentsList();
        List<String> withProgram = new ArrayList<>(argv);
        withProgram.set(0, command.getValue());
        return new TaskCommand.Args(withProgram);
    }

    private static Map<String, String> environment(Environment environment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Environment.Variable v : environment.getVariablesList()) {
            env.put(v.getName(), v.getValue());
        }
        return env;
    }

    private static int port(int port, String field) throws InvalidTaskException {
        if (port < 1 || port > 65535) {
            throw new InvalidTaskException(field + " must be a port from 1 to 65535, was " + port);
        }
        return port;
    }

    private static Duration seconds(double seconds, String field) throws InvalidTaskException {
        if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            throw new InvalidTaskException("health_check." + field + " must be a non-negative number, was " + seconds);
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }
}
