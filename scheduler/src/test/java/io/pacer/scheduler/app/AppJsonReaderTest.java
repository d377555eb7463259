package io.pacer.scheduler.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppJsonReaderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant V1 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void aMinimalAppGetsMarathonsDefaults() {
        AppDefinition app = read("{\"id\": \"web\", \"cmd\": \"python3 -m http.server $PORT0\"}");

        assertThat(app.id().path()).isEqualTo("/web");
        assertThat(app.cpus()).isEqualTo(1.0);
        assertThat(app.mem()).isEqualTo(128.0);
        assertThat(app.disk()).isEqualTo(0.0);
        assertThat(app.instances()).isEqualTo(1);
        assertThat(app.backoffSeconds()).isEqualTo(1);
        assertThat(app.backoffFactor()).isEqualTo(1.15);
        assertThat(app.maxLaunchDelaySeconds()).isEqualTo(300);
        assertThat(app.killSelection()).isEqualTo(KillSelection.YOUNGEST_FIRST);
        assertThat(app.portDefinitions()).containsExactly(new PortDefinition(0, "tcp", Optional.of("default"), Map.of()));
        assertThat(app.requirePorts()).isFalse();
        assertThat(app.version()).isEqualTo(V1);
    }

    @Test
    void readsEveryFieldPacerSupports() {
        AppDefinition app = read("""
                {
                  "id": "/prod/shop/web",
                  "args": ["./server", "--port", "8080"],
                  "cpus": 0.25, "mem": 64, "disk": 10, "instances": 3,
                  "env": {"MODE": "prod"},
                  "labels": {"team": "shop"},
                  "fetch": [
                    {"uri": "http://artifacts/app.tgz", "extract": true, "cache": true},
                    {"uri": "http://artifacts/run.sh", "executable": true, "destPath": "bin/run.sh",
                     "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}
                  ],
                  "portDefinitions": [{"port": 0, "name": "http", "protocol": "tcp", "labels": {"vip": "shop"}}],
                  "healthChecks": [
                    {"protocol": "MESOS_HTTP", "path": "/health", "portIndex": 0, "gracePeriodSeconds": 10,
                     "intervalSeconds": 2, "timeoutSeconds": 1, "maxConsecutiveFailures": 3, "delaySeconds": 0}
                  ],
                  "backoffSeconds": 2, "backoffFactor": 2, "maxLaunchDelaySeconds": 30,
                  "constraints": [["hostname", "UNIQUE"], ["rack", "GROUP_BY", "3"], ["hostname", "LIKE", "agent-.*"]],
                  "killSelection": "OLDEST_FIRST",
                  "taskKillGracePeriodSeconds": 5,
                  "user": "nobody"
                }""");

        assertThat(app.id().segments()).containsExactly("prod", "shop", "web");
        assertThat(app.args()).containsExactly("./server", "--port", "8080");
        assertThat(app.fetch()).containsExactly(
                new FetchUri("http://artifacts/app.tgz", true, false, true, Optional.empty(), Optional.empty()),
                new FetchUri("http://artifacts/run.sh", true, true, false, Optional.of("bin/run.sh"),
                        Optional.of("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")));
        assertThat(app.healthChecks()).hasSize(1);
        assertThat(app.healthChecks().get(0).protocol()).isEqualTo(HealthCheckSpec.Protocol.MESOS_HTTP);
        assertThat(app.healthChecks().get(0).intervalSeconds()).isEqualTo(2);
        assertThat(app.constraints()).containsExactly(
                new Constraint("hostname", Constraint.Operator.UNIQUE, Optional.empty()),
                new Constraint("rack", Constraint.Operator.GROUP_BY, Optional.of("3")),
                new Constraint("hostname", Constraint.Operator.LIKE, Optional.of("agent-.*")));
        assertThat(app.killSelection()).isEqualTo(KillSelection.OLDEST_FIRST);
        assertThat(app.taskKillGracePeriodSeconds()).contains(5);
        assertThat(app.user()).contains("nobody");
    }

    @Test
    void whatTheWriterAnswersReadsBackToTheSameApp() {
        AppDefinition app = read("""
                {"id": "/docker/web", "instances": 2, "mem": 32,
                 "container": {"type": "DOCKER", "docker": {"image": "pacer-test/busybox", "network": "BRIDGE",
                    "portMappings": [{"containerPort": 80, "hostPort": 0, "name": "http"}],
                    "parameters": [{"key": "hostname", "value": "web"}]},
                    "volumes": [{"containerPath": "/data", "hostPath": "data", "mode": "RW"}]},
                 "healthChecks": [{"protocol": "HTTP", "path": "/"}],
                 "uris": ["http://artifacts/site.tgz"]}""");

        JsonNode written = AppJsonWriter.write(app);

        assertThat(AppJsonReader.read(written, Optional.empty(), V1)).isEqualTo(app);
        assertThat(written.get("fetch").get(0).get("extract").asBoolean()).isTrue();
        assertThat(written.get("container").get("docker").get("network").asText()).isEqualTo("BRIDGE");
        assertThat(written.get("portDefinitions")).isEmpty();
        assertThat(app.container().orElseThrow().docker().portMappings()).hasSize(1);
        assertThat(app.healthChecks().get(0).portIndex()).as("Marathon's default port index").contains(0);
    }

    @Test
    void reportsEveryProblemAtOnceWithMarathonsPaths() {
        Violations violations = violations("""
                {"id": "/Bad_Id", "cmd": "run", "args": ["run"], "cpus": 0, "instances": -1,
                 "healthChecks": [{"protocol": "COMMAND"}],
                 "portDefinitions": [{"port": 0}, {"port": 70000}],
                 "constraints": [["hostname", "NEAR"], ["host", "LIKE", "("], ["host", "MAX_PER", "x"]],
                 "fetch": [{"uri": "http://a/b", "sha256": "abc", "destPath": "../escape"}],
                 "env": {"PASSWORD": {"secret": "db"}},
                 "container": {"type": "DOCKER", "docker": {"image": "x", "bogus": 1}},
                 "ipAddress": {}}""");

        assertThat(violations.byPath()).containsOnlyKeys(
                "/id", "/cpus", "/instances", "/healthChecks(0)/command", "/portDefinitions(1)/port",
                "/constraints(0)", "/constraints(1)", "/constraints(2)", "/fetch(0)/sha256", "/fetch(0)/destPath",
                "/env/PASSWORD", "/container/docker/bogus", "/ipAddress", "/");
        assertThat(violations.byPath().get("/portDefinitions(1)/port")).containsExactly("must be at most 65535, was 70000");
        assertThat(violations("{\"id\": \"/x\", \"cmd\": \"x\", \"healthChecks\": [{\"portIndex\": 2}]}").byPath()
                .get("/healthChecks(0)/portIndex")).containsExactly("is 2 but the app has 1 port: health check port indices start at 0");
        assertThat(violations.byPath().get("/cpus")).containsExactly("must be at least 0.001, was 0");
        assertThat(violations.byPath().get("/ipAddress")).containsExactly("unknown field: Pacer does not support 'ipAddress' here");
        assertThat(violations.byPath().get("/")).containsExactly("AppDefinition must not have both 'cmd' and 'args'");
    }

    @Test
    void aCommandCheckHasNoPortAndOnlyOneCheckIsAllowed() {
        AppDefinition app = read("{\"id\": \"/x\", \"cmd\": \"x\", \"healthChecks\": [{\"protocol\": \"COMMAND\", \"command\": {\"value\": \"test -f ready\"}}]}");
        assertThat(app.healthChecks().get(0).command()).contains("test -f ready");
        assertThat(app.healthChecks().get(0).portIndex()).isEmpty();
        assertThat(violations("{\"id\": \"/x\", \"cmd\": \"x\", \"healthChecks\": [{\"protocol\": \"TCP\"}, {\"protocol\": \"HTTP\"}]}")
                .byPath().get("/healthChecks")).containsExactly("AppDefinition can contain at most one Mesos health check");
    }

    @Test
    void anAppNeedsACommandArgsOrAContainer() {
        assertThat(violations("{\"id\": \"/x\"}").byPath().get("/"))
                .containsExactly("AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'");
    }

    @Test
    void theIdInTheBodyMustAgreeWithTheUrl() {
        Violations.InvalidException e = catchThrowableOfType(Violations.InvalidException.class,
                () -> AppJsonReader.read(json("{\"id\": \"/a\", \"cmd\": \"x\"}"), Optional.of(AppId.parse("/b")), V1));
        assertThat(e.violations().byPath().get("/id")).containsExactly("is /a but the URL names /b");
        assertThat(AppJsonReader.read(json("{\"cmd\": \"x\"}"), Optional.of(AppId.parse("/b")), V1).id()).isEqualTo(AppId.parse("b"));
    }

    @Test
    void typesAreChecked() {
        Violations v = violations("{\"id\": 5, \"cmd\": [\"x\"], \"mem\": \"lots\", \"labels\": {\"a\": 1}, \"requirePorts\": \"yes\"}");
        assertThat(v.byPath().get("/id")).containsExactly("must be a string");
        assertThat(v.byPath().get("/mem")).containsExactly("must be a number");
        assertThat(v.byPath().get("/labels/a")).containsExactly("must be a string");
        assertThat(v.byPath().get("/requirePorts")).containsExactly("must be true or false");
    }

    @Test
    void requirePortsNeedsFixedPorts() {
        assertThat(violations("{\"id\": \"/x\", \"cmd\": \"x\", \"requirePorts\": true}").byPath())
                .containsKey("/requirePorts");
        assertThat(read("{\"id\": \"/x\", \"cmd\": \"x\", \"requirePorts\": true, \"portDefinitions\": [{\"port\": 8080}]}")
                .portDefinitions()).extracting(PortDefinition::port).containsExactly(8080);
    }

    @Test
    void legacyPortsAndUrisAreUnderstood() {
        AppDefinition app = read("{\"id\": \"/x\", \"cmd\": \"x\", \"ports\": [0, 0], \"uris\": [\"file:///tmp/a.tgz\"]}");
        assertThat(app.portDefinitions()).extracting(PortDefinition::port).containsExactly(0, 0);
        assertThat(app.fetch()).containsExactly(FetchUri.legacy("file:///tmp/a.tgz"));
    }

    @Test
    void aNonObjectIsRefused() {
        assertThatThrownBy(() -> AppJsonReader.read(json("[1]"), Optional.empty(), V1))
                .isInstanceOf(Violations.InvalidException.class);
    }

    @Test
    void theBodysIdIsMadeCanonicalThenValidatedAtSlashId() {
        assertThat(read("{\"id\": \"prod//x/../web/\", \"cmd\": \"x\"}").id()).isEqualTo(AppId.parse("/prod/web"));
        assertThatThrownBy(() -> read("{\"id\": \"/prod/tasks\", \"cmd\": \"x\"}"))
                .isInstanceOfSatisfying(Violations.InvalidException.class, e -> assertThat(e.violations().byPath())
                        .containsExactly(java.util.Map.entry("/id", List.of(AppId.RESERVED_END))));
        assertThatThrownBy(() -> AppJsonReader.read(json("{\"cmd\": \"x\"}"), Optional.of(AppId.parse("/a/versions")), V1))
                .as("an id from the URL is validated as one from the body")
                .isInstanceOfSatisfying(Violations.InvalidException.class, e -> assertThat(e.violations().byPath())
                        .containsExactly(java.util.Map.entry("/id", List.of(AppId.RESERVED_END))));
    }

    @Test
    void upgradeStrategyDefaultsToMarathonsOneAndOneAndReadsBackFromTheWriter() {
        assertThat(read("{\"id\": \"web\", \"cmd\": \"x\"}").upgradeStrategy()).isEqualTo(new UpgradeStrategy(1, 1));
        AppDefinition app = read("{\"id\": \"web\", \"cmd\": \"x\", \"upgradeStrategy\": {\"minimumHealthCapacity\": 0.5}}");

        assertThat(app.upgradeStrategy()).isEqualTo(new UpgradeStrategy(0.5, 1));
        assertThat(AppJsonReader.read(AppJsonWriter.write(app), Optional.empty(), V1)).isEqualTo(app);
    }

    @Test
    void anUpgradeStrategyOutsideZeroToOneIsRefusedNamingEachField() {
        Violations v = violations("{\"id\": \"web\", \"cmd\": \"x\", "
                + "\"upgradeStrategy\": {\"minimumHealthCapacity\": 1.5, \"maximumOverCapacity\": -0.1, \"speed\": 2}}");

        assertThat(v.byPath()).containsOnlyKeys("/upgradeStrategy/minimumHealthCapacity",
                "/upgradeStrategy/maximumOverCapacity", "/upgradeStrategy/speed");
    }

    @Test
    void readinessChecksGetMarathonsDefaultsAndReadBackFromTheWriter() {
        AppDefinition app = read("{\"id\": \"web\", \"cmd\": \"x\", \"portDefinitions\": [{\"port\": 0, \"name\": \"http-api\"}],"
                + " \"readinessChecks\": [{}]}");

        assertThat(app.readinessChecks()).containsExactly(new ReadinessCheckSpec("readinessCheck", ReadinessCheckSpec.Protocol.HTTP,
                "/", "http-api", 30, 10, List.of(200), false));
        assertThat(AppJsonWriter.write(app).get("readinessChecks").toString()).isEqualTo("[{\"name\":\"readinessCheck\","
                + "\"protocol\":\"HTTP\",\"path\":\"/\",\"portName\":\"http-api\",\"intervalSeconds\":30,\"timeoutSeconds\":10,"
                + "\"httpStatusCodesForReady\":[200],\"preserveLastResponse\":false}]");
        assertThat(AppJsonReader.read(AppJsonWriter.write(app), Optional.empty(), V1)).isEqualTo(app);
        assertThat(read("{\"id\": \"web\", \"cmd\": \"x\"}").readinessChecks()).isEmpty();
    }

    @Test
    void aReadinessCheckMayNameABridgeContainersPortMapping() {
        AppDefinition app = read("""
                {"id": "web", "container": {"type": "DOCKER", "docker": {"image": "nginx", "network": "BRIDGE",
                  "portMappings": [{"containerPort": 80, "name": "web"}]}},
                 "readinessChecks": [{"name": "warm", "protocol": "HTTPS", "path": "/ready", "portName": "web",
                   "intervalSeconds": 5, "timeoutSeconds": 4, "httpStatusCodesForReady": [200, 204], "preserveLastResponse": true}]}""");

        assertThat(app.readinessChecks()).containsExactly(new ReadinessCheckSpec("warm", ReadinessCheckSpec.Protocol.HTTPS,
                "/ready", "web", 5, 4, List.of(200, 204), true));
    }

    @Test
    void invalidReadinessChecksAreRefusedNamingEveryBadField() {
        Violations v = violations("""
                {"id": "web", "cmd": "x", "portDefinitions": [{"port": 0, "name": "http"}],
                 "readinessChecks": [{"name": "", "protocol": "TCP", "path": "ready", "portName": "admin",
                   "intervalSeconds": 5, "timeoutSeconds": 5, "httpStatusCodesForReady": [200, 99, 200], "colour": "red"}]}""");

        assertThat(v.byPath()).containsOnlyKeys("/readinessChecks(0)/name", "/readinessChecks(0)/protocol",
                "/readinessChecks(0)/path", "/readinessChecks(0)/portName", "/readinessChecks(0)/timeoutSeconds",
                "/readinessChecks(0)/httpStatusCodesForReady(1)", "/readinessChecks(0)/httpStatusCodesForReady(2)",
                "/readinessChecks(0)/colour");
        assertThat(v.byPath().get("/readinessChecks(0)/portName"))
                .containsExactly("No port definition reference for portName admin; the app's port names are [http]");
        assertThat(violations("{\"id\": \"web\", \"cmd\": \"x\", \"readinessChecks\": [{\"timeoutSeconds\": 0,"
                + " \"httpStatusCodesForReady\": []}]}").byPath()).containsOnlyKeys("/readinessChecks(0)/portName",
                "/readinessChecks(0)/timeoutSeconds", "/readinessChecks(0)/httpStatusCodesForReady");
        assertThat(violations("{\"id\": \"web\", \"cmd\": \"x\", \"portDefinitions\": [{\"port\": 0, \"name\": \"http-api\"}],"
                + " \"readinessChecks\": [{}, {\"name\": \"second\"}]}").byPath()).containsOnlyKeys("/readinessChecks");
    }

    @Test
    void dependenciesAreMadeAbsoluteAgainstTheAppsGroupAndWrittenSorted() {
        AppDefinition app = read("""
                {"id": "/product/service/web", "cmd": "x",
                 "dependencies": ["/product/database", "cache", "../database/../queue", "./auth/"]}""");

        assertThat(app.dependencies()).containsExactlyInAnyOrder(AppId.parse("/product/database"),
                AppId.parse("/product/service/cache"), AppId.parse("/product/queue"), AppId.parse("/product/service/auth"));
        JsonNode written = AppJsonWriter.write(app);
        assertThat(written.get("dependencies")).extracting(JsonNode::asText).containsExactly(
                "/product/database", "/product/queue", "/product/service/auth", "/product/service/cache");
        assertThat(AppJsonReader.readStored(written)).isEqualTo(app);
    }

    @Test
    void anAppWithoutDependenciesIsWrittenWithAnEmptyListAsMarathonWritesIt() {
        JsonNode written = AppJsonWriter.write(read("{\"id\": \"/web\", \"cmd\": \"x\"}"));

        assertThat(written.get("dependencies").isArray() && written.get("dependencies").isEmpty()).isTrue();
        assertThat(read("{\"id\": \"/web\", \"cmd\": \"x\", \"dependencies\": []}").dependencies()).isEmpty();
    }

    @Test
    void invalidDependenciesAreRefusedNamingEachElement() {
        Violations violations = violations("""
                {"id": "/shop/web", "cmd": "x", "dependencies": ["db", "Bad_Id", 7, "/shop/tasks", "/"]}""");

        assertThat(violations.byPath()).containsOnlyKeys("/dependencies(1)", "/dependencies(2)", "/dependencies(3)",
                "/dependencies(4)");
        assertThat(violations.byPath().get("/dependencies(1)")).containsExactly(AppId.BAD_CHARACTERS);
        assertThat(violations.byPath().get("/dependencies(2)")).containsExactly("must be a string");
        assertThat(violations.byPath().get("/dependencies(3)")).containsExactly(AppId.RESERVED_END);
        assertThat(violations.byPath().get("/dependencies(4)")).containsExactly(AppId.NOT_EMPTY);
        assertThat(violations("{\"id\": \"/web\", \"cmd\": \"x\", \"dependencies\": \"db\"}").byPath())
                .containsOnlyKeys("/dependencies");
    }

    private static AppDefinition read(String text) {
        return AppJsonReader.read(json(text), Optional.empty(), V1);
    }

    private static Violations violations(String text) {
        return catchThrowableOfType(Violations.InvalidException.class, () -> read(text)).violations();
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
