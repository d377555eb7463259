package io.pacer.executor.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class HealthCheckScheduleTest {
    static final CheckEventLoop LOOP = new CheckEventLoop();

    @AfterAll
    static void closeLoop() {
        LOOP.close();
    }

    static final class Recorder implements HealthCheckSchedule.Listener {
        final List<HealthCheckResult> results = new CopyOnWriteArrayList<>();
        final List<HealthChange> changes = new CopyOnWriteArrayList<>();
        final CountDownLatch killed = new CountDownLatch(1);
        final CountDownLatch firstHealthy = new CountDownLatch(1);

        @Override
        public void checked(HealthCheckResult result) {
            results.add(result);
        }

        @Override
        public void changed(HealthChange change, HealthCheckResult result) {
            changes.add(change);
            if (change.killTask()) {
                killed.countDown();
            }
            if (change.healthy()) {
                firstHealthy.countDown();
            }
        }
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void consecutiveFailuresReportEachAndAskForAKillAtTheLimit() throws Exception {
        HealthCheckSpec spec = new HealthCheckSpec(new HealthCheckSpec.Tcp("127.0.0.1", closedPort()), Duration.ZERO, Duration.ofMillis(20),
                Optional.of(Duration.ofSeconds(1)), 3, Duration.ZERO);
        Recorder recorder = new Recorder();

        HealthCheckSchedule schedule = HealthCheckSchedule.start(spec, new TcpHealthCheck(LOOP, (HealthCheckSpec.Tcp) spec.probe()),
                LOOP.timer(), recorder);
        assertThat(recorder.killed.await(5, TimeUnit.SECONDS)).isTrue();
        schedule.stop();

        assertThat(recorder.changes.subList(0, 3)).containsExactly(new HealthChange(false, 1, false),
                new HealthChange(false, 2, false), new HealthChange(false, 3, true));
        assertThat(recorder.results.get(0).detail()).isEqualTo("connection refused");
        assertThat(recorder.results.get(0).healthy()).isFalse();
    }

    @Test
    void theFirstCheckWaitsForTheDelayAndFailuresInTheGracePeriodAreNotReported() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            int port = closedPort();
            HealthCheckSpec spec = new HealthCheckSpec(new HealthCheckSpec.Tcp("127.0.0.1", port), Duration.ofMillis(200), Duration.ofMillis(20),
                    Optional.of(Duration.ofSeconds(1)), 1, Duration.ofSeconds(30));
            Recorder recorder = new Recorder();
            long start = System.nanoTime();
            HealthCheckSchedule schedule = HealthCheckSchedule.start(spec, new TcpHealthCheck(LOOP, new HealthCheckSpec.Tcp("127.0.0.1", port)), LOOP.timer(), recorder);
            io.pacer.executor.Eventually.await("three failed checks", Duration.ofSeconds(5), () -> recorder.results.size() >= 3);

            server.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            assertThat(recorder.firstHealthy.await(5, TimeUnit.SECONDS)).isTrue();
            schedule.stop();

            assertThat(recorder.results.get(0).at()).isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(recorder.changes).as("failures in the grace period are ignored, even with a limit of 1")
                    .startsWith(new HealthChange(true, 0, false)).doesNotContain(new HealthChange(false, 1, true));
        }
    }
}
