package io.pacer.executor.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.pacer.executor.health.HealthCheckSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;

class TaskInfoReaderTest {
    private final TaskInfoReader reader = new TaskInfoReader();

    static Protos.TaskInfo.Builder task(String json) {
        return Protos.TaskInfo.newBuilder()
                .setName("web")
                .setTaskId(Protos.TaskID.newBuilder().setValue("web.1"))
                .setAgentId(Protos.AgentID.newBuilder().setValue("agent-1"))
                .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8));
    }

    static Protos.Resource scalar(String name, double value) {
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).build();
    }

    static Protos.Resource ports(long... beginEndPairs) {
        Protos.Value.Ranges.Builder ranges = Protos.Value.Ranges.newBuilder();
        for (int i = 0; i < beginEndPairs.length; i += 2) {
            ranges.addRange(Protos.Value.Range.newBuilder().setBegin(beginEndPairs[i]).setEnd(beginEndPairs[i + 1]));
        }
        return Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES).setRanges(ranges).build();
    }

    @Test
    void readsTheSpecTheResourcesTheKillPolicyAndTheLabels() throws Exception {
        Protos.TaskInfo info = task("""
                {"cmd": "exec ./server --port $PORT0",
                 "env": {"MODE": "prod"},
                 "artifacts": [{"uri": "http://repo/app.tgz", "sha256": "%s"},
                               {"uri": "http://repo/run", "executable": true, "extract": false, "cache": true, "outputFile": "bin/run"}],
                 "ports": [{"name": "http", "number": 8080}, {"name": "admin"}],
                 "appId": "/shop/web", "appVersion": "2026-11-25T00:00:00.000Z",
                 "logRotation": {"maxBytes": 2048, "keepFiles": 2}}
                """.formatted("a".repeat(64)))
                .addResources(scalar("cpus", 0.5)).addResources(scalar("mem", 64)).addResources(scalar("disk", 10))
                .addResources(ports(31005, 31005, 31000, 31001))
                .setKillPolicy(Protos.KillPolicy.newBuilder().setGracePeriod(Protos.DurationInfo.newBuilder().setNanoseconds(2_500_000_000L)))
                .setLabels(Protos.Labels.newBuilder()
                        .addLabels(Protos.Label.newBuilder().setKey("team").setValue("blue"))
                        .addLabels(Protos.Label.newBuilder().setKey("tier").setValue("front")))
                .build();

        TaskDescription task = reader.read(info);

        assertThat(task.taskId()).isEqualTo("web.1");
        assertThat(task.spec().command()).contains(new TaskCommand.Shell("exec ./server --port $PORT0"));
        assertThat(task.spec().command().orElseThrow().argv()).containsExactly("/bin/sh", "-c", "exec ./server --port $PORT0");
        assertThat(task.spec().env()).containsEntry("MODE", "prod");
        assertThat(task.spec().artifacts()).containsExactly(
                new ArtifactSpec("http://repo/app.tgz", true, false, false, Optional.empty(), Optional.of("a".repeat(64))),
                new ArtifactSpec("http://repo/run", false, true, true, Optional.of("bin/run"), Optional.empty()));
        assertThat(task.spec().ports()).containsExactly(new PortSpec(Optional.of("http"), Optional.of(8080)),
                new PortSpec(Optional.of("admin"), Optional.empty()));
        assertThat(task.spec().appId()).contains("/shop/web");
        assertThat(task.spec().logRotation()).isEqualTo(new LogRotation(2048, 2));
        assertThat(task.resources()).isEqualTo(new TaskResources(0.5, 64, 10, 0, List.of(31005, 31000, 31001)));
        assertThat(task.killGracePeriod()).contains(Duration.ofMillis(2500));
        assertThat(task.labels()).containsExactly(java.util.Map.entry("team", "blue"), java.util.Map.entry("tier", "front"));
        assertThat(task.healthCheck()).isEmpty();
    }

    @Test
    void argsRunWithoutAShellAndDefaultsApply() throws Exception {
        TaskDescription task = reader.read(task("{\"args\": [\"/bin/echo\", \"a b\"]}").build());

        assertThat(task.spec().command().orElseThrow().argv()).containsExactly("/bin/echo", "a b");
        assertThat(task.spec().logRotation()).isEqualTo(LogRotation.DEFAULT);
        assertThat(task.killGracePeriod()).isEmpty();
    }

    @Test
    void healthCheckDefaultsAreMesossAndAllThreeTypesAreRead() throws Exception {
        Protos.HealthCheck http = Protos.HealthCheck.newBuilder().setType(Protos.HealthCheck.Type.HTTP)
                .setHttp(Protos.HealthCheck.HTTPCheckInfo.newBuilder().setPort(8080).setPath("ping").setScheme("https").addStatuses(204))
                .build();
        HealthCheckSpec spec = reader.read(task("{\"cmd\": \"x\"}").setHealthCheck(http).build()).healthCheck().orElseThrow();

        assertThat(spec.probe()).isEqualTo(new HealthCheckSpec.Http(true, "127.0.0.1", 8080, "/ping", java.util.Set.of(204)));
        assertThat(spec.delay()).isEqualTo(Duration.ofSeconds(15));
        assertThat(spec.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.timeout()).contains(Duration.ofSeconds(20));
        assertThat(spec.consecutiveFailures()).isEqualTo(3);
        assertThat(spec.gracePeriod()).isEqualTo(Duration.ofSeconds(10));

        Protos.HealthCheck tcp = Protos.HealthCheck.newBuilder().setType(Protos.HealthCheck.Type.TCP).setTimeoutSeconds(0)
                .setTcp(Protos.HealthCheck.TCPCheckInfo.newBuilder().setPort(9000)).build();
        HealthCheckSpec tcpSpec = reader.read(task("{\"cmd\": \"x\"}").setHealthCheck(tcp).build()).healthCheck().orElseThrow();
        assertThat(tcpSpec.probe()).isEqualTo(new HealthCheckSpec.Tcp("127.0.0.1", 9000));
        assertThat(tcpSpec.timeout()).as("0 means no timeout").isEmpty();

        Protos.HealthCheck command = Protos.HealthCheck.newBuilder().setType(Protos.HealthCheck.Type.COMMAND)
                .setCommand(Protos.CommandInfo.newBuilder().setValue("test -f ready")).setIntervalSeconds(0.5).build();
        HealthCheckSpec commandSpec = reader.read(task("{\"cmd\": \"x\"}").setHealthCheck(command).build()).healthCheck().orElseThrow();
        assertThat(commandSpec.probe()).isEqualTo(new HealthCheckSpec.Command(new TaskCommand.Shell("test -f ready"), java.util.Map.of()));
        assertThat(commandSpec.interval()).isEqualTo(Duration.ofMillis(500));

        Protos.HealthCheck neverKills = tcp.toBuilder().setConsecutiveFailures(0).build();
        assertThat(reader.read(task("{\"cmd\": \"x\"}").setHealthCheck(neverKills).build()).healthCheck().orElseThrow()
                .consecutiveFailures()).as("0 is read, not refused: the task is never killed for its checks").isZero();
    }

    @Test
    void mistakesAreNamedByTheirField() {
        assertThatThrownBy(() -> reader.read(task("{\"cmd\": \"x\", \"args\": [\"y\"]}").build()))
                .isInstanceOf(InvalidTaskException.class).hasMessage("cmd and args exclude each other: give one of them");
        assertThatThrownBy(() -> reader.read(task("{}").build()))
                .hasMessage("a task without a container needs a command: give cmd or args in TaskInfo.data");
        assertThatThrownBy(() -> reader.read(task("{\"cmd\": \"x\", \"artifacts\": [{\"uri\": \"u\", \"sha256\": \"XYZ\"}]}").build()))
                .hasMessage("artifacts[0].sha256 must be 64 lower-case hex digits");
        assertThatThrownBy(() -> reader.read(task("{\"cmd\": \"x\", \"comand\": 1}").build()))
                .hasMessageStartingWith("unknown field comand");
        assertThatThrownBy(() -> reader.read(task("not json").build()))
                .hasMessageStartingWith("TaskInfo.data is not valid JSON");
        assertThatThrownBy(() -> reader.read(task("[\"cmd\"]").build()))
                .hasMessage("TaskInfo.data must be a JSON object (docs/task-spec.md)");
        assertThatThrownBy(() -> reader.read(task("{\"cmd\": \"x\"} {}").build()))
                .hasMessage("TaskInfo.data has more than one JSON value");
        assertThatThrownBy(() -> reader.read(task("{\"cmd\": \"x\", \"ports\": [{\"number\": \"80\"}]}").build()))
                .hasMessage("ports[0].number must be a port number from 0 to 65535");
        assertThatThrownBy(() -> reader.read(task("{\"cmd\": \"x\", \"env\": {\"A\": 1}}").build()))
                .hasMessage("env.A must be a string");
        assertThatThrownBy(() -> reader.read(task("{\"cmd\": \"x\", \"ports\": [{\"name\": \"http\"}]}").build()))
                .hasMessage("the spec describes 1 ports but the task has only 0 in its ports resource");
        assertThatThrownBy(() -> reader.read(task("{\"cmd\": \"x\", \"artifacts\": [{\"uri\": \"u\", \"outputFile\": \"../x\"}]}").build()))
                .hasMessage("artifacts[0].outputFile must be a relative path inside the sandbox");
    }

    @Test
    void readinessChecksAreReadWithTheirPortAndAMarathonPortNameIsAccepted() throws Exception {
        TaskDescription task = reader.read(task("""
                {"cmd": "x", "ports": [{"name": "http-api"}],
                 "readinessChecks": [{"name": "warm", "protocol": "HTTPS", "path": "/ready", "port": 31000,
                                      "intervalSeconds": 3, "timeoutSeconds": 2, "httpStatusCodesForReady": [200, 204],
                                      "preserveLastResponse": true}]}
                """).addResources(ports(31000, 31000)).build());

        assertThat(task.spec().ports().get(0).name()).contains("http-api");
        assertThat(task.spec().readinessChecks()).containsExactly(new io.pacer.executor.readiness.ReadinessCheckSpec("warm",
                new HealthCheckSpec.Http(true, "127.0.0.1", 31000, "/ready", java.util.Set.of(200, 204),
                        io.pacer.executor.readiness.ReadinessCheckSpec.LAST_RESPONSE_BODY_BYTES),
                Duration.ofSeconds(3), Duration.ofSeconds(2), true));
        assertThatThrownBy(() -> reader.read(task("{\"cmd\": \"x\", \"readinessChecks\": [{\"name\": \"r\", \"port\": 80, "
                + "\"intervalSeconds\": 3, \"timeoutSeconds\": 1, \"httpStatusCodesForReady\": []}]}").build()))
                .hasMessage("readinessChecks[0].httpStatusCodesForReady must list at least one status code");
        assertThatThrownBy(() -> reader.read(task("{\"cmd\": \"x\", \"readinessChecks\": [{\"name\": \"r\", \"port\": 0}]}").build()))
                .hasMessage("readinessChecks[0].port must be a whole number from 1 to 65535, was 0");
    }

    static Protos.Resource ports(int from, int to) {
        return Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                .setRanges(Protos.Value.Ranges.newBuilder().addRange(Protos.Value.Range.newBuilder().setBegin(from).setEnd(to))).build();
    }

    static Protos.ContainerInfo.Builder docker(Protos.ContainerInfo.DockerInfo.Builder docker) {
        return Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.DOCKER).setDocker(docker);
    }

    @Test
    void aDockerContainerIsReadWithItsMappingsParametersAndVolumesAndNeedsNoCommand() throws Exception {
        Protos.ContainerInfo container = docker(Protos.ContainerInfo.DockerInfo.newBuilder().setImage("pacer-test/busybox")
                .setNetwork(Protos.ContainerInfo.DockerInfo.Network.BRIDGE).setForcePullImage(true)
                .addPortMappings(Protos.ContainerInfo.DockerInfo.PortMapping.newBuilder().setHostPort(31001).setContainerPort(80))
                .addPortMappings(Protos.ContainerInfo.DockerInfo.PortMapping.newBuilder().setHostPort(31002).setContainerPort(53).setProtocol("udp,tcp"))
                .addParameters(Protos.Parameter.newBuilder().setKey("pids-limit").setValue("64")))
                .addVolumes(Protos.Volume.newBuilder().setContainerPath("/data").setHostPath("data").setMode(Protos.Volume.Mode.RO))
                .build();
        TaskDescription task = reader.read(task("{}").addResources(ports(31001, 31002)).setContainer(container).build());

        ContainerSpec spec = task.container().orElseThrow();
        assertThat(task.spec().command()).isEmpty();
        assertThat(spec.image()).isEqualTo("pacer-test/busybox");
        assertThat(spec.forcePullImage()).isTrue();
        assertThat(spec.network()).isEqualTo(ContainerSpec.Network.BRIDGE);
        assertThat(spec.portMappings()).containsExactly(new ContainerSpec.PortMapping(31001, 80, List.of("tcp")),
                new ContainerSpec.PortMapping(31002, 53, List.of("udp", "tcp")));
        assertThat(spec.containerPortFor(31002)).contains(53);
        assertThat(spec.parameters()).containsExactly(new ContainerSpec.Parameter(DockerParameter.PIDS_LIMIT, "64"));
        assertThat(spec.volumes()).containsExactly(new ContainerSpec.Volume("/data", "data", true));
    }

    @Test
    void containerMistakesAreNamedByTheirField() {
        Protos.TaskInfo.Builder base = task("{}").addResources(ports(31001, 31001));
        Protos.ContainerInfo.DockerInfo.Builder image = Protos.ContainerInfo.DockerInfo.newBuilder().setImage("pacer-test/busybox");
        assertThatThrownBy(() -> reader.read(base.clone().setContainer(docker(image.clone()
                .addParameters(Protos.Parameter.newBuilder().setKey("volumes-from").setValue("x")))).build()))
                .hasMessageStartingWith("container.docker.parameters: volumes-from is not a docker run flag Pacer supports; it supports hostname, user");
        assertThatThrownBy(() -> reader.read(base.clone().setContainer(docker(image.clone()
                .addParameters(Protos.Parameter.newBuilder().setKey("shm-size").setValue("lots")))).build()))
                .hasMessage("container.docker.parameters: shm-size must be a size such as 67108864, 512k, 64m or 1g, was 'lots'");
        assertThatThrownBy(() -> reader.read(base.clone().setContainer(docker(image.clone()
                .addPortMappings(Protos.ContainerInfo.DockerInfo.PortMapping.newBuilder().setHostPort(31001).setContainerPort(80)))).build()))
                .hasMessage("container.docker.port_mappings[0]: port mappings need BRIDGE networking, the network is HOST");
        assertThatThrownBy(() -> reader.read(base.clone().setContainer(docker(image.clone()
                .setNetwork(Protos.ContainerInfo.DockerInfo.Network.BRIDGE)
                .addPortMappings(Protos.ContainerInfo.DockerInfo.PortMapping.newBuilder().setHostPort(4000).setContainerPort(80)))).build()))
                .hasMessage("container.docker.port_mappings[0].host_port 4000 is not in the task's ports resource [31001]");
        assertThatThrownBy(() -> reader.read(base.clone().setContainer(docker(image.clone()
                .setNetwork(Protos.ContainerInfo.DockerInfo.Network.USER))).build()))
                .hasMessage("container.docker.network must be HOST, BRIDGE or NONE, was USER");
        assertThatThrownBy(() -> reader.read(base.clone().setContainer(docker(image.clone()).addVolumes(Protos.Volume.newBuilder()
                .setContainerPath("data").setHostPath("data").setMode(Protos.Volume.Mode.RW))).build()))
                .hasMessage("container.volumes[0]: host_path 'data' and container_path 'data' are both relative");
        assertThatThrownBy(() -> reader.read(base.clone().setContainer(Protos.ContainerInfo.newBuilder()
                .setType(Protos.ContainerInfo.Type.MESOS)).build()))
                .hasMessageStartingWith("container.type must be DOCKER");
    }
}
