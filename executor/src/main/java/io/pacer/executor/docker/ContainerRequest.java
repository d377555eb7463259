package io.pacer.executor.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import io.pacer.cgroups.MesosLimits;
import io.pacer.executor.spec.ContainerSpec;
import io.pacer.executor.spec.DockerParameter;
import io.pacer.executor.spec.TaskCommand;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.workload.LaunchException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code docker run} Mesos's docker containerizer would make of a task (src/docker/docker.cpp,
 * {@code Docker::RunOptions::create}), as one create-container call: the command, the environment, the sandbox
 * mounted at {@value ContainerSpec#SANDBOX_PATH}, volumes, networking and port mappings, cpu shares with a CFS quota
 * and a hard memory limit from the task's resources, labels that name the task and its executor, and parameters.
 */
final class ContainerRequest {

    private ContainerRequest() {
    }

    /** {@code pacer-<task id>}, with what a container name cannot hold replaced. */
    static String containerName(String taskId) {
        return "pacer-" + taskId.replaceAll("[^a-zA-Z0-9_.-]", "_");
    }

    static CreateContainerCmd configure(CreateContainerCmd create, TaskDescription task, Path sandbox,
                                        Map<String, String> env, ContainerOwner owner) throws LaunchException {
        ContainerSpec container = task.container().orElseThrow();
        String name = containerName(task.taskId());
        Map<String, String> environment = new LinkedHashMap<>(env);
        environment.put("MESOS_CONTAINER_NAME", name);
        Map<String, String> labels = new HashMap<>();
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(container.network().name().toLowerCase(Locale.ROOT))
                .withPrivileged(container.privileged())
                .withBinds(binds(container, sandbox));
        limits(host, task);
        if (!container.portMappings().isEmpty()) {
            List<PortBinding> bindings = new ArrayList<>();
            for (ContainerSpec.PortMapping m : container.portMappings()) {
                for (String protocol : m.protocols()) {
                    bindings.add(new PortBinding(Ports.Binding.bindPort(m.hostPort()),
                            new ExposedPort(m.containerPort(), InternetProtocol.parse(protocol))));
                }
            }
            host.withPortBindings(bindings);
            create.withExposedPorts(bindings.stream().map(PortBinding::getExposedPort).toList());
        }
        task.spec().command().ifPresent(command -> {
            if (command instanceof TaskCommand.Shell shell) {
                // As Mesos (MESOS-1770): a shell command replaces the image's entrypoint.
                create.withEntrypoint("/bin/sh").withCmd("-c", shell.commandLine());
            } else {
                create.withCmd(command.argv());
            }
        });
        for (ContainerSpec.Parameter parameter : container.parameters()) {
            apply(parameter, create, host, environment, labels);
        }
        labels.putAll(owner.labels(task.taskId())); // last: a parameter cannot disown the container
        return create.withName(name)
                .withEnv(environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withLabels(labels)
                .withHostConfig(host);
    }

    private static List<Bind> binds(ContainerSpec container, Path sandbox) {
        List<Bind> binds = new ArrayList<>();
        for (ContainerSpec.Volume v : container.volumes()) {
            String containerPath = v.containerPath().startsWith("/") ? v.containerPath()
                    : ContainerSpec.SANDBOX_PATH + "/" + v.containerPath();
            String hostPath = v.hostPath().startsWith("/") ? v.hostPath() : sandbox.resolve(v.hostPath()).toString();
            binds.add(new Bind(hostPath, new Volume(containerPath), v.readOnly() ? AccessMode.ro : AccessMode.rw));
        }
        binds.add(new Bind(sandbox.toString(), new Volume(ContainerSpec.SANDBOX_PATH), AccessMode.rw));
        return binds;
    }

    /** Mesos's minimums (src/slave/constants.hpp); swap is capped at the memory, so the limit is a hard one. */
    private static void limits(HostConfig host, TaskDescription task) {
        double cpus = task.resources().cpus();
        if (cpus > 0) {
            host.withCpuShares((int) MesosLimits.cpuShares(cpus))
                    .withCpuPeriod(MesosLimits.CPU_CFS_PERIOD_MICROS)
                    .withCpuQuota(MesosLimits.cfsQuotaMicros(cpus));
        }
        double memMb = task.resources().memMb();
        if (memMb > 0) {
            long bytes = MesosLimits.memoryBytes(memMb);
            host.withMemory(bytes).withMemorySwap(bytes);
        }
    }

    private static void apply(ContainerSpec.Parameter parameter, CreateContainerCmd create, HostConfig host,
                              Map<String, String> env, Map<String, String> labels) throws LaunchException {
        String value = parameter.value();
        switch (parameter.key()) {
            case HOSTNAME -> create.withHostName(value);
            case USER -> create.withUser(value);
            case WORKDIR -> create.withWorkingDir(value);
            case LABEL -> labels.put(before(value, '='), after(value, '='));
            case ENV -> env.put(before(value, '='), after(value, '='));
            case ADD_HOST -> host.withExtraHosts(appended(host.getExtraHosts(), value));
            case DNS -> host.withDns(appended(host.getDns(), value));
            case DNS_SEARCH -> host.withDnsSearch(appended(host.getDnsSearch(), value));
            case CAP_ADD -> host.withCapAdd(appended(host.getCapAdd(), capability(value)));
            case CAP_DROP -> host.withCapDrop(appended(host.getCapDrop(), capability(value)));
            case PIDS_LIMIT -> host.withPidsLimit(Long.parseLong(value));
            case SHM_SIZE -> host.withShmSize(DockerParameter.bytes(value));
            case INIT -> host.withInit(Boolean.parseBoolean(value));
            case READ_ONLY -> host.withReadonlyRootfs(Boolean.parseBoolean(value));
            case STOP_SIGNAL -> create.withStopSignal(value);
            case TMPFS -> {
                Map<String, String> tmpfs = new HashMap<>(Optional.ofNullable(host.getTmpFs()).orElse(Map.of()));
                tmpfs.put(before(value, ':'), value.indexOf(':') < 0 ? "" : after(value, ':'));
                host.withTmpFs(tmpfs);
            }
        }
    }

    private static Capability capability(String value) throws LaunchException {
        String name = value.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
        try {
            return Capability.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new LaunchException("container.docker.parameters: " + value + " is not a Linux capability Docker knows");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T[] appended(T[] existing, T value) {
        List<T> list = new ArrayList<>(existing == null ? List.of() : List.of(existing));
        list.add(value);
        return list.toArray((T[]) java.lang.reflect.Array.newInstance(value.getClass(), 0));
    }

    private static String before(String value, char separator) {
        int i = value.indexOf(separator);
        return i < 0 ? value : value.substring(0, i);
    }

    private static String after(String value, char separator) {
        return value.substring(value.indexOf(separator) + 1);
    }
}
