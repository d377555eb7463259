package io.pacer.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

        assertThat(defaults.outputs()).isEqualTo(EnumSet.allOf(DiscoveryConfig.Output.class));
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
                .hasMessage("--outputs takes haproxy, dns and file, comma-separated; 'nginx' is none of them");
        assertThatThrownBy(() -> DiscoveryConfig.parse(List.of("--colour", "red"), PACER, Path.of(".")))
                .hasMessage("unknown option '--colour' (see --help)");
        assertThatThrownBy(() -> DiscoveryConfig.parse(List.of("--pacer"), PACER, Path.of(".")))
                .hasMessage("--pacer needs a value (see --help)");
    }
}
