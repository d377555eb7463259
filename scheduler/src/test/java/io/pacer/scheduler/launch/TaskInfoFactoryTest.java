package io.pacer.scheduler.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppJsonReader;
import io.pacer.scheduler.task.ExecutorEndpointSecrets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;

class TaskInfoFactoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FrameworkID FW = FrameworkID.newBuilder().setValue("fw-1").build();
    private static final AgentID AGENT = AgentID.newBuilder().setValue("agent-1").build();
    private final ExecutorEndpointSecrets secrets = ExecutorEndpointSecrets.random();
    private final TaskInfoFactory factory = new TaskInfoFactory(ExecutorSettings.defaults("http://pacer:8080/v2/artifacts/pacer-executor.jar"),
            secrets);

    @Test
    void eachTaskCarriesItsExecutorsEndpointSecretInItsSpecAndTheExecutorInfoNone() throws Exception {
        AppDefinition web = app("{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 2}");
        AppDefinition other = app("{\"id\": \"/web\", \"cmd\": \"serve --other\"}");
        TaskInfo first = factory.build(web, TaskInfoFactory.newTaskId(web), FW, AGENT, List.of(1));
        TaskInfo second = factory.build(web, TaskInfoFactory.newTaskId(web), FW, AGENT, List.of(2));
        TaskInfo third = factory.build(other, TaskInfoFactory.newTaskId(other), FW, AGENT, List.of(3));

        String secret = JSON.readTree(first.getData().toStringUtf8()).get("endpointSecret").asText();
        assertThat(secret).isEqualTo(secrets.secretOf(TaskInfoFactory.executorId(web))).hasSize(43);
        assertThat(JSON.readTree(second.getData().toStringUtf8()).get("endpointSecret").asText()).isEqualTo(secret);
        assertThat(JSON.readTree(third.getData().toStringUtf8()).get("endpointSecret").asText()).isNotEqualTo(secret);
        // one executor, one ExecutorInfo (Mesos refuses another under a running id), and the secret not in it
        assertThat(second.getExecutor()).isEqualTo(first.getExecutor());
        assertThat(first.getExecutor().toString()).doesNotContain(secret);
    }

    @Test
    void aProcessTaskCarriesItsSpecInTheMesosFieldsAndData() throws Exception {
        AppDefinition app = app("""
                {"id": "/shop/web", "cmd": "exec python3 app.py", "cpus": 0.5, "mem": 64, "instances": 2,
                 "env": {"MODE": "demo"}, "labels": {"team": "shop"},
                 "portDefinitions": [{"port": 0, "name": "http"}],
                 "fetch": [{"uri": "http://pacer:8080/v2/artifacts/app.py", "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}],
                 "healthChecks": [{"protocol": "HTTP", "path": "/health", "intervalSeconds": 2, "gracePeriodSeconds": 10,
                                   "maxConsecutiveFailures": 3, "timeoutSeconds": 1, "delaySeconds": 0}],
                 "taskKillGracePeriodSeconds": 4}""");

        TaskInfo task = factory.build(app, TaskInfoFactory.newTaskId(app), FW, AGENT, List.of(31005));

        assertThat(task.getTaskId().getValue()).startsWith("shop_web.");
        assertThat(task.hasCommand()).as("command xor executor").isFalse();
        assertThat(task.getExecutor().getType()).isEqualTo(ExecutorInfo.Type.CUSTOM);
        assertThat(task.getResourcesList()).extracting(r -> r.getName()).containsExactly("cpus", "mem", "ports");
        assertThat(task.getResources(2).getRanges().getRange(0).getBegin()).isEqualTo(31005);
        HealthCheck check = task.getHealthCheck();
        assertThat(check.getType()).isEqualTo(HealthCheck.Type.HTTP);
        assertThat(check.getHttp().getPort()).isEqualTo(31005);
        assertThat(check.getHttp().getPath()).isEqualTo("/health");
        assertThat(check.getIntervalSeconds()).isEqualTo(2.0);
        assertThat(check.getConsecutiveFailures()).isEqualTo(3);
        assertThat(task.getKillPolicy().getGracePeriod().getNanoseconds()).isEqualTo(4_000_000_000L);
        assertThat(task.getLabels().getLabels(0).getKey()).isEqualTo("team");

        JsonNode spec = JSON.readTree(task.getData().toStringUtf8());
        assertThat(spec.get("cmd").asText()).isEqualTo("exec python3 app.py");
        assertThat(spec.get("env").get("MODE").asText()).isEqualTo("demo");
        assertThat(spec.get("artifacts").get(0).get("sha256").asText()).startsWith("9f86");
        assertThat(spec.get("ports").get(0).get("name").asText()).isEqualTo("http");
        assertThat(spec.get("ports").get(0).has("number")).as("port 0 is not a declared number").isFalse();
        assertThat(spec.get("appId").asText()).isEqualTo("/shop/web");
    }

    @Test
    void instancesOfOneConfigurationShareAnExecutorAndScalingKeepsIt() {
        AppDefinition app = app("{\"id\": \"/web\", \"cmd\": \"serve\"}");
        ExecutorInfo first = factory.build(app, TaskInfoFactory.newTaskId(app), FW, AGENT, List.of(1)).getExecutor();
        ExecutorInfo second = factory.build(app, TaskInfoFactory.newTaskId(app), FW, AGENT, List.of(2)).getExecutor();

        assertThat(first).isEqualTo(second);
        assertThat(TaskInfoFactory.executorId(app.withInstances(7).withVersionInfo(io.pacer.scheduler.app.VersionInfo.forNewConfig(Instant.EPOCH)))).isEqualTo(TaskInfoFactory.executorId(app));
        assertThat(TaskInfoFactory.executorId(app("{\"id\": \"/web\", \"cmd\": \"serve --fast\"}")))
                .isNotEqualTo(TaskInfoFactory.executorId(app));
        assertThat(first.getCommand().getUris(0).getCache()).isTrue();
        assertThat(first.getCommand().getValue()).startsWith("exec java ").endsWith("-jar pacer-executor.jar");
    }

    @Test
    void readinessChecksTravelInTheSpecWithTheirNamedPortResolvedAndAreAConfigurationChange() throws Exception {
        String ports = "\"portDefinitions\": [{\"port\": 0, \"name\": \"admin\"}, {\"port\": 0, \"name\": \"http-api\"}]";
        AppDefinition plain = app("{\"id\": \"/web\", \"cmd\": \"serve\", " + ports + "}");
        AppDefinition checked = app("{\"id\": \"/web\", \"cmd\": \"serve\", " + ports + ", \"readinessChecks\": [{\"path\": \"/ready\","
                + " \"protocol\": \"HTTPS\", \"intervalSeconds\": 5, \"timeoutSeconds\": 2, \"preserveLastResponse\": true}]}");

        JsonNode spec = JSON.readTree(factory.build(checked, TaskInfoFactory.newTaskId(checked), FW, AGENT, List.of(31000, 31001))
                .getData().toStringUtf8());

        assertThat(spec.get("readinessChecks")).isEqualTo(JSON.readTree("""
                [{"name": "readinessCheck", "protocol": "HTTPS", "path": "/ready", "port": 31001, "intervalSeconds": 5,
                  "timeoutSeconds": 2, "preserveLastResponse": true, "httpStatusCodesForReady": [200]}]"""));
        assertThat(JSON.readTree(factory.build(plain, TaskInfoFactory.newTaskId(plain), FW, AGENT, List.of(31000, 31001))
                .getData().toStringUtf8()).has("readinessChecks")).isFalse();
        assertThat(TaskInfoFactory.executorId(checked)).as("Marathon restarts tasks for changed readiness checks")
                .isNotEqualTo(TaskInfoFactory.executorId(plain));
        // the digest an app without readiness checks had before Pacer knew them: upgrading Pacer restarts no task
        assertThat(TaskInfoFactory.executorId(app("{\"id\": \"/web\", \"cmd\": \"serve\"}"))).isEqualTo("pacer.web.19a8705bab86");
    }

    @Test
    void eachPacerServingTheExecutorItsOwnWayHasExecutorsOfItsOwnForTheSameConfiguration() {
        AppDefinition app = app("{\"id\": \"/web\", \"cmd\": \"serve\"}");
        TaskInfoFactory first = new TaskInfoFactory(ExecutorSettings.defaults("http://pacer-1:8080/v2/artifacts/pacer-executor.jar"), secrets);
        TaskInfoFactory second = new TaskInfoFactory(ExecutorSettings.defaults("http://pacer-2:8080/v2/artifacts/pacer-executor.jar"), secrets);

        assertThat(first.mesosExecutorId(app)).startsWith(TaskInfoFactory.executorId(app) + ".")
                .isNotEqualTo(second.mesosExecutorId(app));
        assertThat(first.build(app, TaskInfoFactory.newTaskId(app), FW, AGENT, List.of(1)).getExecutor().getExecutorId().getValue())
                .isEqualTo(first.mesosExecutorId(app));
    }

    @Test
    void withAClassDataArchiveTheAgentFetchesItBesideTheJarAndJavaMapsItForTheJarsFixedTime() {
        TaskInfoFactory withArchive = new TaskInfoFactory(ExecutorSettings.defaults("http://pacer:8080/v2/artifacts/pacer-executor.jar")
                .withClassDataArchive("http://pacer:8080/v2/artifacts/pacer-executor.jsa"), secrets);
        AppDefinition app = app("{\"id\": \"/web\", \"cmd\": \"serve\"}");
        CommandInfo command = withArchive.build(app, TaskInfoFactory.newTaskId(app), FW, AGENT, List.of(1)).getExecutor().getCommand();

        assertThat(command.getUrisList()).extracting(CommandInfo.URI::getValue, CommandInfo.URI::getOutputFile, CommandInfo.URI::getCache,
                CommandInfo.URI::getExtract).containsExactly(
                tuple("http://pacer:8080/v2/artifacts/pacer-executor.jar", "pacer-executor.jar", true, false),
                tuple("http://pacer:8080/v2/artifacts/pacer-executor.jsa", "pacer-executor.jsa", true, false));
        assertThat(command.getValue()).startsWith("touch -m -d @1262304000 pacer-executor.jar; exec java ")
                .endsWith(" -XX:SharedArchiveFile=pacer-executor.jsa -jar pacer-executor.jar");
    }

    @Test
    void aBridgeContainerMapsTheOfferedHostPorts() {
        AppDefinition app = app("""
                {"id": "/docker/web", "container": {"type": "DOCKER", "docker": {"image": "pacer-test/busybox",
                  "network": "BRIDGE", "portMappings": [{"containerPort": 80, "name": "http"}]}},
                 "healthChecks": [{"protocol": "MESOS_TCP"}]}""");

        TaskInfo task = factory.build(app, TaskInfoFactory.newTaskId(app), FW, AGENT, List.of(31777));

        ContainerInfo container = task.getContainer();
        assertThat(container.getType()).isEqualTo(ContainerInfo.Type.DOCKER);
        assertThat(container.getDocker().getNetwork()).isEqualTo(ContainerInfo.DockerInfo.Network.BRIDGE);
        assertThat(container.getDocker().getPortMappings(0).getHostPort()).isEqualTo(31777);
        assertThat(container.getDocker().getPortMappings(0).getContainerPort()).isEqualTo(80);
        assertThat(task.getHealthCheck().getTcp().getPort()).isEqualTo(31777);
    }

    @Test
    void zeroConsecutiveFailuresNeverKillsForMarathonsChecksAndKillsAtOnceForMesossChecks() {
        for (String protocol : List.of("HTTP", "HTTPS", "TCP")) {
            assertThat(consecutiveFailuresSent(protocol, 0)).as(protocol).isZero();
        }
        for (String protocol : List.of("MESOS_HTTP", "MESOS_HTTPS", "MESOS_TCP", "COMMAND")) {
            assertThat(consecutiveFailuresSent(protocol, 0)).as(protocol).isEqualTo(1);
            assertThat(consecutiveFailuresSent(protocol, 4)).as(protocol).isEqualTo(4);
        }
        assertThat(consecutiveFailuresSent("HTTP", 4)).isEqualTo(4);
    }

    private int consecutiveFailuresSent(String protocol, int max) {
        String check = protocol.equals("COMMAND") ? "{\"protocol\": \"COMMAND\", \"command\": {\"value\": \"true\"}"
                : "{\"protocol\": \"" + protocol + "\"";
        AppDefinition app = app("{\"id\": \"/web\", \"cmd\": \"x\", \"portDefinitions\": [{\"port\": 0}], \"healthChecks\": ["
                + check + ", \"maxConsecutiveFailures\": " + max + "}]}");
        return factory.build(app, TaskInfoFactory.newTaskId(app), FW, AGENT, List.of(31000)).getHealthCheck().getConsecutiveFailures();
    }

    private static AppDefinition app(String json) {
        try {
            return AppJsonReader.read(JSON.readTree(json), Optional.empty(), Instant.parse("2026-11-25T10:00:00Z"));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
