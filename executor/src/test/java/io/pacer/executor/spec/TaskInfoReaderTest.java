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
        assertThat(task.spec().command()).isEqualTo(new TaskCommand.Shell("exec ./server --port $PORT0"));
        assertThat(task.spec().command().argv()).containsExactly("/bin/sh", "-c", "exec ./server --port $PORT0");
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

        assertThat(task.spec().command().argv()).containsExactly("/bin/echo", "a b");
        assertThat(task.spec().logRotation()).isEqualTo(LogRotation.DEFAULT);
        assertThat(task.killGracePeriod()).isEmpty();
    }

    @Test
    void healthCheckDefaultsAreMesossAndAllThreeTypesAreRead() throws Exception {
        Protos.HealthCheck http = Protos.HealthCheck.newBuilder().setType(Protos.HealthCheck.Type.HTTP)
                .setHttp(Protos.HealthCheck.HTTPCheckInfo.newBuilder().setPort(8080).setPath("ping").setScheme("https").addStatuses(204))
                .build();
        HealthCheckSpec spec = reader.read(task("{\"cmd\": \"x\"}").setHealthCheck(http).build()).healthCheck().orElseThrow();

        assertThat(spec.probe()).isEqualTo(new HealthCheckSpec.Http(true, 8080, "/ping", java.util.Set.of(204)));
        assertThat(spec.delay()).isEqualTo(Duration.ofSeconds(15));
        assertThat(spec.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.timeout()).contains(Duration.ofSeconds(20));
        assertThat(spec.consecutiveFailures()).isEqualTo(3);
        assertThat(spec.gracePeriod()).isEqualTo(Duration.ofSeconds(10));

        Protos.HealthCheck tcp = Protos.HealthCheck.newBuilder().setType(Protos.HealthCheck.Type.TCP).setTimeoutSeconds(0)
                .setTcp(Protos.HealthCheck.TCPCheckInfo.newBuilder().setPort(9000)).build();
        HealthCheckSpec tcpSpec = reader.read(task("{\"cmd\": \"x\"}").setHealthCheck(tcp).build()).healthCheck().orElseThrow();
        assertThat(tcpSpec.probe()).isEqualTo(new HealthCheckSpec.Tcp(9000));
        assertThat(tcpSpec.timeout()).as("0 means no timeout").isEmpty();

        Protos.HealthCheck command = Protos.HealthCheck.newBuilder().setType(Protos.HealthCheck.Type.COMMAND)
                .setCommand(Protos.CommandInfo.newBuilder().setValue("test -f ready")).setIntervalSeconds(0.5).build();
        HealthCheckSpec commandSpec = reader.read(task("{\"cmd\": \"x\"}").setHealthCheck(command).build()).healthCheck().orElseThrow();
        assertThat(commandSpec.probe()).isEqualTo(new HealthCheckSpec.Command(new TaskCommand.Shell("test -f ready"), java.util.Map.of()));
        assertThat(commandSpec.interval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void mistakesAreNamedByTheirField() {
        assertThatThrownBy(() -> reader.read(task("{\"cmd\": \"x\", \"args\": [\"y\"]}").build()))
                .isInstanceOf(InvalidTaskException.class).hasMessage("exactly one of cmd and args must be given");
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
}
