package io.pacer.discovery.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacer.discovery.view.AppEndpoints;
import io.pacer.discovery.view.ServicePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaproxyConfigTest {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    @TempDir
    Path dir;

    @Test
    void labelsChooseModeAndBalancePerPortOrPerApp() {
        AppEndpoints app = app(Map.of("HAPROXY_MODE", "http", "HAPROXY_1_MODE", "tcp", "HAPROXY_BALANCE", "leastconn"));

        assertThat(BackendSpec.of(app, 0)).isEqualTo(new BackendSpec("shop_web_10000", "/shop/web", 10000, 0, "http", "leastconn"));
        assertThat(BackendSpec.of(app, 1).mode()).isEqualTo("tcp");
        assertThatThrownBy(() -> BackendSpec.of(app(Map.of("HAPROXY_MODE", "udp")), 0))
                .hasMessageContaining("HAPROXY_MODE must be one of");
    }

    @Test
    void theConfigIsOneHaproxyAccepts() throws Exception {
        assertThat(HAPROXY).as("this test needs HAProxy: apt-get install -y haproxy").isExecutable();
        AppEndpoints app = app(Map.of("HAPROXY_0_MODE", "http"));
        ServerSlots web = new ServerSlots();
        web.assign(Set.of("127.0.0.1:31000"));
        ServerSlots other = new ServerSlots();
        List<BackendSpec> backends = List.of(BackendSpec.of(app, 0), BackendSpec.of(app, 1));
        String cfg = HaproxyConfig.render(dir.resolve("admin.sock"), "127.0.0.1", backends,
                Map.of("shop_web_10000", web, "shop_web_10001", other));
        Path file = Files.writeString(dir.resolve("haproxy.cfg"), cfg);

        Process check = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", file.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());

        assertThat(check.waitFor()).as(output).isZero();
        assertThat(cfg).contains("bind 127.0.0.1:10000", "server s1 127.0.0.1:31000\n", "server s2 127.0.0.1:1 disabled",
                "option http-server-close", "expose-fd listeners");
    }

    private static AppEndpoints app(Map<String, String> labels) {
        return new AppEndpoints("/shop/web", List.of(new ServicePort(10000, Optional.of("http"), "tcp"),
                new ServicePort(10001, Optional.empty(), "tcp")), labels, List.of());
    }
}
