package io.pacer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacer.discovery.zk.ZooKeeperUrl;
import io.pacer.localcluster.isolation.IsolationSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerConfigTest {
    @Test
    void defaultsMatchTheHelp() throws Exception {
        PacerConfig c = PacerConfig.parse(List.of());

        assertThat(c.master()).isEmpty();
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.workDir()).isEqualTo(Path.of(".pacer").toAbsolutePath());
        assertThat(c.artifactStore()).isEqualTo(c.workDir().resolve("artifacts"));
        assertThat(c.frameworkName()).isEqualTo("pacer");
        assertThat(c.failoverTimeout()).isEqualTo(Duration.ofDays(7));
        assertThat(c.localAgents()).isEqualTo(1);
        assertThat(c.localResources()).isEqualTo("cpus:4;mem:8192;disk:20000;ports:[31000-32000]");
        assertThat(c.localIsolation()).isEqualTo(IsolationSettings.Mode.DEFAULT);
        assertThat(c.killDrainDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.executorIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(PacerConfig.usage()).contains("--kill-drain-delay", "--executor-idle-timeout", "--master", "--http-port", "--hostname", "--work-dir", "--framework-name",
                "--failover-timeout", "--executor-uri", "--artifact-store", "--local-agents", "--local-resources", "--local-attributes", "--local-isolation");
        assertThat(c.localAttributes().of(0)).isEmpty();
        assertThat(PacerConfig.parse(List.of("--local-isolation", "posix")).localIsolation()).isEqualTo(IsolationSettings.Mode.POSIX);
        assertThat(PacerConfig.parse(List.of("--local-isolation=cgroups")).localIsolation()).isEqualTo(IsolationSettings.Mode.CGROUPS);
    }

    @Test
    void zooKeeperTakesMarathonsUrlAndNeedsAMaster() throws Exception {
        PacerConfig c = PacerConfig.parse(List.of("--master", "http://m:5050", "--zk", "zk://zk1:2181,zk2:2181/pacer",
                "--zk-session-timeout", "4secs", "--zk-connection-timeout", "2secs"));
        assertThat(c.zkState().orElseThrow().connectString()).isEqualTo("zk1:2181,zk2:2181");
        assertThat(c.zkState().orElseThrow().root()).isEqualTo("/pacer/state");
        assertThat(c.zkState().orElseThrow().sessionTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(c.zkState().orElseThrow().connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.zkElectionPath()).contains("/pacer/leader");
        assertThat(PacerConfig.parse(List.of()).zkState()).isEmpty();
        assertThat(PacerConfig.parse(List.of()).newFramework()).isFalse();

        assertThatThrownBy(() -> PacerConfig.parse(List.of("--zk", "zk://zk1:2181/pacer")))
                .hasMessageContaining("--zk needs --master").hasMessageContaining("no other Pacer could take over");
        assertThatThrownBy(() -> PacerConfig.parse(List.of("--master", "m:5050", "--zk", "zk1:2181/pacer")))
                .hasMessageStartingWith("--zk: ").hasMessageContaining("zk://");
        assertThatThrownBy(() -> PacerConfig.parse(List.of("--zk-session-timeout", "4secs")))
                .hasMessageContaining("need --zk");
    }

    @Test
    void readsBothFlagForms() throws Exception {
        PacerConfig c = PacerConfig.parse(List.of("--master", "10.0.0.5:5050", "--http-port=0", "--failover-timeout", "15mins",
                "--work-dir=/tmp/p", "--executor-uri", "http://repo/executor.jar"));

        assertThat(c.master()).contains(URI.create("http://10.0.0.5:5050"));
        assertThat(c.httpPort()).isZero();
        assertThat(c.failoverTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.workDir()).isEqualTo(Path.of("/tmp/p"));
        assertThat(c.executorUri()).contains("http://repo/executor.jar");
        assertThat(PacerConfig.parse(List.of("--executor-idle-timeout=5mins")).executorIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aBadFlagIsOneClearLine() {
        assertUsage(List.of("--http-port", "eighty"), "--http-port needs a whole number from 0 to 65535, got 'eighty'");
        assertUsage(List.of("--failover-timeout", "7d"), "--failover-timeout: unknown duration unit 'd' in '7d'; supported units are ns, us, ms, secs, mins, hrs, days and weeks");
        assertUsage(List.of("--colour", "red"), "unknown option '--colour' (see --help)");
        assertUsage(List.of("--master"), "--master needs a value (see --help)");
        assertUsage(List.of("stray"), "unexpected argument 'stray' (see --help)");
        assertUsage(List.of("--master", "ftp://x:5050"), "--master needs an address such as http://10.0.0.5:5050, got 'ftp://x:5050'");
        assertUsage(List.of("--master", "http://m:5050", "--local-agents", "3"),
                "--local-agents, --local-resources, --local-attributes and --local-isolation are for the embedded cluster, not with --master");
        assertUsage(List.of("--local-agents", "3", "--local-attributes", "rack:r1|rack:r2"),
                "--local-attributes: 2 attribute specs for 3 agents: give one spec for every agent, or one per agent separated by |");
        assertUsage(List.of("--local-attributes", "rack"), "--local-attributes: bad attribute 'rack': expected name:value, e.g. rack:r1");
        assertUsage(List.of("--local-isolation", "docker"), "--local-isolation must be cgroups or posix, was 'docker'");
        assertUsage(List.of("--executor-idle-timeout", "500ms"), "--executor-idle-timeout must be at least 1secs, got '500ms'");
    }

    @Test
    void theMesosCredentialIsReadFromItsFileAndNeverPrinted(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path secret = java.nio.file.Files.writeString(dir.resolve("secret"), "s3cret\n");

        PacerConfig c = PacerConfig.parse(List.of("--mesos-authentication-principal", "pacer", "--mesos-authentication-secret-file", secret.toString()));

        assertThat(c.mesosCredential()).hasValueSatisfying(m -> {
            assertThat(m.principal()).isEqualTo("pacer");
            assertThat(m.secret()).as("one trailing newline dropped").isEqualTo("s3cret");
            assertThat(m.basicAuthorization()).isEqualTo("Basic cGFjZXI6czNjcmV0");
        });
        assertThat(c.toString()).doesNotContain("s3cret");
        assertThat(PacerConfig.parse(List.of()).mesosCredential()).isEmpty();
        assertUsage(List.of("--mesos-authentication-principal", "pacer"),
                "--mesos-authentication-principal and --mesos-authentication-secret-file go together");
        assertThatThrownBy(() -> PacerConfig.parse(List.of("--mesos-authentication-principal", "pacer",
                "--mesos-authentication-secret-file", dir.resolve("missing").toString())))
                .isInstanceOf(PacerConfig.UsageException.class).hasMessageStartingWith("--mesos-authentication-secret-file: cannot read ");
        java.nio.file.Files.writeString(secret, "");
        assertUsage(List.of("--mesos-authentication-principal", "pacer", "--mesos-authentication-secret-file", secret.toString()),
                "--mesos-authentication-secret-file: " + secret + " is empty");
    }

    @Test
    void httpUsersComeFromTheListAndTheFileAndBadOnesAreOneLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("users"), "dev:pw:viewer\n");

        PacerConfig c = PacerConfig.parse(List.of("--http-credentials", "ops:op-pw", "--http-credentials-file", file.toString(),
                "--http-realm", "Shop"));

        assertThat(c.httpUsers()).extracting(Object::toString).containsExactly("User[ops, admin]", "User[dev, viewer]");
        assertThat(c.httpRealm()).isEqualTo("Shop");
        assertThat(c.toString()).doesNotContain("op-pw");
        assertThat(PacerConfig.parse(List.of()).httpUsers()).isEmpty();
        assertThat(PacerConfig.parse(List.of()).httpRealm()).isEqualTo("Mesosphere");
        assertThat(PacerConfig.parse(List.of()).httpMaxFailedLoginsPerMinute()).isEqualTo(20);
        assertThat(PacerConfig.parse(List.of("--http-max-failed-logins-per-minute", "0")).httpMaxFailedLoginsPerMinute()).isZero();
        assertUsage(List.of("--http-max-failed-logins-per-minute", "-1"),
                "--http-max-failed-logins-per-minute needs a whole number from 0 to 1000000, got '-1'");
        assertUsage(List.of("--http-credentials", "ops"), "--http-credentials: expected user:password, got 'ops'");
        assertThatThrownBy(() -> PacerConfig.parse(List.of("--http-credentials-file", dir.resolve("none").toString())))
                .isInstanceOf(PacerConfig.UsageException.class).hasMessageStartingWith("--http-credentials-file: cannot use ");
    }

    @Test
    void theExecutorEndpointBindIsAnIpAddress() throws Exception {
        assertThat(PacerConfig.parse(List.of()).executorEndpointBind()).isEmpty();
        assertThat(PacerConfig.parse(List.of("--executor-endpoint-bind", "127.0.0.1")).executorEndpointBind()).contains("127.0.0.1");
        assertThat(PacerConfig.parse(List.of("--executor-endpoint-bind=::1")).executorEndpointBind()).contains("::1");
        assertUsage(List.of("--executor-endpoint-bind", "localhost"),
                "--executor-endpoint-bind takes an IP address such as 127.0.0.1, got 'localhost'");
        assertUsage(List.of("--executor-endpoint-bind", "127.0.0.256"),
                "--executor-endpoint-bind takes an IP address such as 127.0.0.1, got '127.0.0.256'");
    }

    @Test
    void theMesosRoleIsCheckedAsMesosChecksIt() throws Exception {
        assertThat(PacerConfig.parse(List.of()).mesosRole().name()).isEqualTo("*");
        assertThat(PacerConfig.parse(List.of("--mesos-role", "pacer-apps")).mesosRole().name()).isEqualTo("pacer-apps");
        assertUsage(List.of("--mesos-role", "-apps"), "--mesos-role: Role component '-apps' is invalid because it starts with a dash");
    }

    @Test
    void discoverysFlagsAndItsMessagesAboutThemAreSpelledWithTheDiscoveryPrefix() throws Exception {
        assertThat(PacerConfig.parse(List.of("--discovery", "--discovery-zk", "zk://zk1:2181/pacer-discovery")).discovery().orElseThrow().zk())
                .contains(new ZooKeeperUrl("zk1:2181", "/pacer-discovery"));
        assertUsage(List.of("--discovery", "--discovery-zk", "zk1:2181"),
                "--discovery-zk needs a URL such as zk://host1:2181,host2:2181/pacer-discovery: 'zk1:2181' does not start with zk://");
        assertUsage(List.of("--discovery", "--discovery-colour", "red"), "unknown option '--discovery-colour' (see --help)");
    }

    private static void assertUsage(List<String> args, String message) {
        assertThatThrownBy(() -> PacerConfig.parse(args)).isInstanceOf(PacerConfig.UsageException.class).hasMessage(message);
    }
}
