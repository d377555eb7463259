package io.pacer.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import io.pacer.executor.spec.ContainerSpec;
import io.pacer.executor.spec.DockerParameter;
import io.pacer.executor.spec.LogRotation;
import io.pacer.executor.spec.TaskCommand;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.spec.TaskResources;
import io.pacer.executor.spec.TaskSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code docker run} a task becomes, as Mesos's docker.cpp would make it; no engine needed. */
class ContainerRequestTest {
    private static final ContainerOwner OWNER = new ContainerOwner("fw-1", "pacer.web.abc");

    @Test
    void limitsFollowTheTaskResourcesWithMesossMinimums() throws Exception {
        HostConfig host = request(task(0.25, 16, Optional.empty(), List.of(), List.of())).getHostConfig();

        assertThat(host.getCpuShares()).isEqualTo(256);
        assertThat(host.getCpuPeriod()).isEqualTo(100_000L);
        assertThat(host.getCpuQuota()).isEqualTo(25_000L);
        assertThat(host.getMemory()).as("Mesos's 32 MB minimum").isEqualTo(32L << 20);
        assertThat(host.getMemorySwap()).as("no swap beyond the limit").isEqualTo(32L << 20);
    }

    @Test
    void aShellCommandReplacesTheEntrypointAndArgsKeepIt() throws Exception {
        CreateContainerCmd shell = request(task(1, 64, Optional.of(new TaskCommand.Shell("echo hi")), List.of(), List.of()));
        assertThat(shell.getEntrypoint()).containsExactly("/bin/sh");
        assertThat(shell.getCmd()).containsExactly("-c", "echo hi");

        CreateContainerCmd args = request(task(1, 64, Optional.of(new TaskCommand.Args(List.of("--port", "80"))), List.of(), List.of()));
        assertThat(args.getEntrypoint()).isNull();
        assertThat(args.getCmd()).containsExactly("--port", "80");
    }

    @Test
    void theSandboxVolumesParametersLabelsAndEnvironmentAreApplied() throws Exception {
        CreateContainerCmd create = request(task(1, 64, Optional.empty(),
                List.of(new ContainerSpec.Parameter(DockerParameter.CAP_ADD, "NET_ADMIN"),
                        new ContainerSpec.Parameter(DockerParameter.SHM_SIZE, "64m"),
                        new ContainerSpec.Parameter(DockerParameter.LABEL, "io.pacer.task-id=forged"),
                        new ContainerSpec.Parameter(DockerParameter.ENV, "MODE=test")),
                List.of(new ContainerSpec.Volume("data", "/srv/data", true))));

        HostConfig host = create.getHostConfig();
        assertThat(Arrays.stream(host.getBinds()).map(Bind::toString)).containsExactly(
                "/srv/data:/mnt/mesos/sandbox/data:ro", "/agent/sandbox/tasks/web.1:/mnt/mesos/sandbox:rw");
        assertThat(host.getCapAdd()).containsExactly(Capability.NET_ADMIN);
        assertThat(host.getShmSize()).isEqualTo(64L << 20);
        assertThat(create.getLabels()).as("a parameter cannot disown the container").containsEntry("io.pacer.task-id", "web.1")
                .containsEntry("io.pacer.executor-id", "pacer.web.abc").containsEntry("io.pacer.framework-id", "fw-1");
        assertThat(create.getEnv()).contains("MESOS_SANDBOX=/mnt/mesos/sandbox", "MESOS_CONTAINER_NAME=pacer-web.1", "MODE=test");
        assertThat(create.getName()).isEqualTo("pacer-web.1");
        assertThat(host.getNetworkMode()).isEqualTo("host");
    }

    private static CreateContainerCmd request(TaskDescription task) throws Exception {
        return ContainerRequest.configure(new CreateContainerCmdImpl(command -> {
            throw new AssertionError("no engine in this test");
        }, null, "pacer-test/busybox"), task,
                Path.of("/agent/sandbox/tasks/web.1"), Map.of("MESOS_SANDBOX", ContainerSpec.SANDBOX_PATH), OWNER);
    }

    private static TaskDescription task(double cpus, double mem, Optional<TaskCommand> command,
                                        List<ContainerSpec.Parameter> parameters, List<ContainerSpec.Volume> volumes) {
        return new TaskDescription("web.1", "web", new TaskSpec(command, Map.of(), List.of(), List.of(), Optional.empty(),
                Optional.empty(), LogRotation.DEFAULT), new TaskResources(cpus, mem, 0, 0, List.of()), Optional.empty(),
                Optional.empty(), Map.of(), Optional.of(new ContainerSpec("pacer-test/busybox", false, ContainerSpec.Network.HOST,
                List.of(), parameters, false, volumes)));
    }
}
