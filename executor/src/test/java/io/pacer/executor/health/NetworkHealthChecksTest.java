package io.pacer.executor.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkHealthChecksTest {
    static final CheckEventLoop LOOP = new CheckEventLoop();
    static final Optional<Duration> ONE_SECOND = Optional.of(Duration.ofSeconds(1));

    @AfterAll
    static void closeLoop() {
        LOOP.close();
    }

    static ProbeOutcome http(int port, Set<Integer> statuses, Optional<Duration> timeout) throws Exception {
        return new HttpHealthCheck(LOOP, new HealthCheckSpec.Http(false, "127.0.0.1", port, "/health", statuses)).check(timeout).get();
    }

    @Test
    void httpIsHealthyFrom200To399UnlessStatusesAreGiven() throws Exception {
        try (LocalHttpServer server = LocalHttpServer.http()) {
            assertThat(http(server.port(), Set.of(), ONE_SECOND)).isEqualTo(ProbeOutcome.healthy("HTTP 200"));
            server.status.set(302);
            assertThat(http(server.port(), Set.of(), ONE_SECOND)).isEqualTo(ProbeOutcome.healthy("HTTP 302"));
            server.status.set(503);
            assertThat(http(server.port(), Set.of(), ONE_SECOND)).isEqualTo(ProbeOutcome.unhealthy("HTTP 503"));
            server.status.set(200);
            assertThat(http(server.port(), Set.of(204), ONE_SECOND)).isEqualTo(ProbeOutcome.unhealthy("HTTP 200"));
            server.status.set(204);
            assertThat(http(server.port(), Set.of(204), ONE_SECOND)).isEqualTo(ProbeOutcome.healthy("HTTP 204"));
        }
    }

    @Test
    void httpFailsOnARefusedConnectionAndOnTimeout() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(http(closed, Set.of(), ONE_SECOND)).isEqualTo(ProbeOutcome.unhealthy("connection refused"));

        try (LocalHttpServer server = LocalHttpServer.http()) {
            server.hang = new CountDownLatch(1);
            long start = System.nanoTime();
            ProbeOutcome outcome = http(server.port(), Set.of(), Optional.of(Duration.ofMillis(200)));
            assertThat(outcome).isEqualTo(ProbeOutcome.unhealthy("timed out after 200 ms"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(190), Duration.ofSeconds(2));
        }
    }

    @Test
    void httpsDoesNotVerifyTheTasksCertificate(@TempDir Path dir) throws Exception {
        try (LocalHttpServer server = LocalHttpServer.https(dir)) {
            ProbeOutcome outcome = new HttpHealthCheck(LOOP, new HealthCheckSpec.Http(true, "127.0.0.1", server.port(), "/", Set.of()))
                    .check(Optional.of(Duration.ofSeconds(5))).get();
            assertThat(outcome).isEqualTo(ProbeOutcome.healthy("HTTP 200"));
        }
    }

    @Test
    void tcpIsHealthyWhenTheConnectionOpens() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
            assertThat(new TcpHealthCheck(LOOP, new HealthCheckSpec.Tcp("127.0.0.1", port)).check(ONE_SECOND).get())
                    .isEqualTo(ProbeOutcome.healthy("connected"));
        }
        assertThat(new TcpHealthCheck(LOOP, new HealthCheckSpec.Tcp("127.0.0.1", port)).check(ONE_SECOND).get())
                .isEqualTo(ProbeOutcome.unhealthy("connection refused"));
    }

    @Test
    void oneEventLoopCarriesAThousandConcurrentHttpChecks() throws Exception {
        try (LocalHttpServer server = LocalHttpServer.http()) {
            HttpHealthCheck check = new HttpHealthCheck(LOOP, new HealthCheckSpec.Http(false, "127.0.0.1", server.port(), "/", Set.of()));
            List<CompletableFuture<ProbeOutcome>> checks = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                checks.add(check.check(Optional.of(Duration.ofSeconds(20))));
            }
            CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).get();

            assertThat(checks).allSatisfy(c -> assertThat(c.get()).isEqualTo(ProbeOutcome.healthy("HTTP 200")));
            assertThat(server.requests.get()).isEqualTo(1000);
        }
    }
}
