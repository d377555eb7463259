package io.pacer.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacer.discovery.zk.ZooKeeperUrl;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryConfigTest {
    private static final URI PACER = URI.create("http://127.0.0.1:8080");

    @Test
    void defaultsAndFlags() throws Exception {
        DiscoveryConfig defaults = DiscoveryConfig.parse(List.of(), PACER, Path.of("/var/d"));
        DiscoveryConfig given = DiscoveryConfig.parse(List.of("--pacer", "10.0.0.5:8080", "--outputs=dns,file", "--dns-port", "5353",
                "--endpoints-per-app"), PACER, Path.of("/var/d"));

        assertThat(defaults.outputs()).isEqualTo(EnumSet.of(DiscoveryConfig.Output.HAPROXY, DiscoveryConfig.Output.DNS,
                DiscoveryConfig.Output.FILE));
        assertThat(defaults.zk()).isEmpty();
        assertThat(defaults.dnsPort()).isEqualTo(8600);
        assertThat(defaults.endpointsDir()).isEqualTo(Path.of("/var/d/endpoints"));
        assertThat(given.pacer()).isEqualTo(URI.create("http://10.0.0.5:8080"));
        assertThat(given.outputs()).containsExactlyInAnyOrder(DiscoveryConfig.Output.DNS, DiscoveryConfig.Output.FILE);
        assertThat(given.dnsPort()).isEqualTo(5353);
        assertThat(given.endpointsPerApp()).isTrue();
    }

    @Test
    void pacersCredentialsComeFromAFileAndAreNeverPrinted(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("credentials"), "dev:s3cret\n");

        DiscoveryConfig config = DiscoveryConfig.parse(List.of("--pacer-credentials-file", file.toString()), PACER, dir);

        assertThat(config.pacerAuthorization()).contains("Basic ZGV2OnMzY3JldA==");
        assertThat(config.toString()).contains("with credentials").doesNotContain("s3cret").doesNotContain("ZGV2OnMzY3JldA");
        assertThat(DiscoveryConfig.parse(List.of(), PACER, dir).pacerAuthorization()).isEmpty();
        java.nio.file.Files.writeString(file, "just-a-name");
        assertThatThrownBy(() -> DiscoveryConfig.parse(List.of("--pacer-credentials-file", file.toString()), PACER, dir))
                .hasMessage("--pacer-credentials-file: " + file + " must hold user:password");
    }

    @Test
    void aBadFlagIsOneClearLine() {
        assertThatThrownBy(() -> DiscoveryConfig.parse(List.of("--dns-port", "99999"), PACER, Path.of(".")))
                .hasMessage("--dns-port needs a port from 0 to 65535, got '99999'");
        assertThatThrownBy(() -> DiscoveryConfig.parse(List.of("--outputs", "haproxy,nginx"), PACER, Path.of(".")))
                .hasMessage("--outputs takes haproxy, dns, file and zk, comma-separated; 'nginx' is none of them");
        assertThatThrownBy(() -> DiscoveryConfig.parse(List.of("--colour", "red"), PACER, Path.of(".")))
                .hasMessage("unknown option '--colour' (see --help)");
        assertThatThrownBy(() -> DiscoveryConfig.parse(List.of("--pacer"), PACER, Path.of(".")))
                .hasMessage("--pacer needs a value (see --help)");
    }

    @Test
    void zkTakesMarathonsUrlAndTurnsTheZooKeeperOutputOn() throws Exception {
        DiscoveryConfig all = DiscoveryConfig.parse(List.of("--zk", "zk://zk1:2181,zk2:2181/pacer/discovery"), PACER, Path.of("."));
        DiscoveryConfig onlyZk = DiscoveryConfig.parse(List.of("--outputs", "zk", "--zk=zk://[::1]:2181,zk2/d"), PACER, Path.of("."));

        assertThat(all.zk()).contains(new ZooKeeperUrl("zk1:2181,zk2:2181", "/pacer/discovery"));
        assertThat(all.outputs()).contains(DiscoveryConfig.Output.ZK, DiscoveryConfig.Output.HAPROXY);
        assertThat(onlyZk.outputs()).containsExactly(DiscoveryConfig.Output.ZK);
        assertThat(onlyZk.zk().orElseThrow().connectString()).isEqualTo("[::1]:2181,zk2");
        assertThatThrownBy(() -> DiscoveryConfig.parse(List.of("--outputs", "dns,zk"), PACER, Path.of(".")))
                .hasMessage("--zk is missing: the zk output needs a URL such as zk://host1:2181,host2:2181/pacer-discovery");
    }

    @Test
    void aBadZkUrlSaysWhatIsWrongAndWhatItShouldLookLike() {
        String expected = "--zk needs a URL such as zk://host1:2181,host2:2181/pacer-discovery: ";
        assertThatThrownBy(() -> zk("http://zk1:2181/d")).hasMessage(expected + "'http://zk1:2181/d' does not start with zk://");
        assertThatThrownBy(() -> zk("zk://zk1:2181")).hasMessage(expected + "'zk://zk1:2181' names no znode after the servers");
        assertThatThrownBy(() -> zk("zk://zk1:2181/")).hasMessage(expected + "the apps need a znode of their own, such as /pacer-discovery, not /");
        assertThatThrownBy(() -> zk("zk://zk1:2181,zk2:99999/d")).hasMessage(expected + "'zk2:99999' is not a host:port");
        assertThatThrownBy(() -> zk("zk:///d")).hasMessage(expected + "'' is not a host:port");
        assertThatThrownBy(() -> zk("zk://user:secret@zk1:2181/d")).hasMessage(expected + "credentials in the URL (user:password@) are not supported");
        assertThatThrownBy(() -> zk("zk://zk1:2181/d/")).hasMessageStartingWith(expected + "'/d/' is not a znode path (");
    }

    private static DiscoveryConfig zk(String url) throws DiscoveryConfig.UsageException {
        return DiscoveryConfig.parse(List.of("--zk", url), PACER, Path.of("."));
    }
}
