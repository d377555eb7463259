package io.pacer.executor.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.executor.Eventually;
import io.pacer.executor.health.CheckEventLoop;
import io.pacer.executor.health.HealthCheckSpec;
import io.pacer.executor.health.HttpHealthCheck;
import io.pacer.executor.health.HttpReply;
import io.pacer.executor.health.LocalHttpServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Readiness checks against a real HTTP server on loopback, on the executor's real check event loop. */
class ReadinessCheckerTest {
    private static final CheckEventLoop LOOP = new CheckEventLoop();
    private static final Duration INTERVAL = Duration.ofMillis(50);

    @AfterAll
    static void closeLoop() {
        LOOP.close();
    }

    private static ReadinessCheckSpec spec(int port, boolean preserve) {
        return new ReadinessCheckSpec("warm", new HealthCheckSpec.Http(false, "127.0.0.1", port, "/ready", Set.of(200, 204),
                preserve ? ReadinessCheckSpec.LAST_RESPONSE_BODY_BYTES : 0), INTERVAL, Duration.ofSeconds(2), preserve);
    }

    private static ReadinessChecker start(ReadinessCheckSpec spec, List<ReadinessResult> reported) {
        return ReadinessChecker.start(spec, new HttpHealthCheck(LOOP, spec.probe()), LOOP.timer(), reported::add);
    }

    @Test
    void checksUntilAStatusForReadyThenStopsAndReportsOnlyChanges() throws Exception {
        try (LocalHttpServer server = LocalHttpServer.http()) {
            server.status.set(503);
            server.body = "warming up: 40%";
            List<ReadinessResult> reported = new CopyOnWriteArrayList<>();
            ReadinessChecker checker = start(spec(server.port(), true), reported);

            Eventually.await("several checks", Duration.ofSeconds(10), () -> server.requests.get() >= 4);
            assertThat(reported).as("the same answer is reported once").containsExactly(new ReadinessResult("warm", false,
                    Optional.of(new HttpReply(503, "text/plain; charset=utf-8", "warming up: 40%")), "HTTP 503"));

            server.status.set(204);
            server.body = "";
            Eventually.await("the ready result", Duration.ofSeconds(10), () -> reported.size() == 2);
            assertThat(reported.get(1)).isEqualTo(new ReadinessResult("warm", true, Optional.of(new HttpReply(204, "", "")), "HTTP 204"));
            int requests = server.requests.get();
            Thread.sleep(INTERVAL.toMillis() * 6);
            assertThat(server.requests.get()).as("no check after ready").isEqualTo(requests);
            checker.stop();
        }
    }

    @Test
    void keepsAtMostTheBodyLimitAndNothingWithoutPreserveLastResponse() throws Exception {
        try (LocalHttpServer server = LocalHttpServer.http()) {
            server.status.set(500);
            server.body = "x".repeat(ReadinessCheckSpec.LAST_RESPONSE_BODY_BYTES * 3);
            List<ReadinessResult> preserved = new CopyOnWriteArrayList<>();
            List<ReadinessResult> plain = new CopyOnWriteArrayList<>();
            ReadinessChecker one = start(spec(server.port(), true), preserved);
            ReadinessChecker two = start(spec(server.port(), false), plain);

            Eventually.await("both reported", Duration.ofSeconds(10), () -> !preserved.isEmpty() && !plain.isEmpty());
            one.stop();
            two.stop();
            assertThat(preserved.get(0).lastResponse().orElseThrow().body()).hasSize(ReadinessCheckSpec.LAST_RESPONSE_BODY_BYTES);
            assertThat(plain.get(0)).isEqualTo(new ReadinessResult("warm", false, Optional.empty(), "HTTP 500"));
        }
    }

    @Test
    void noAnswerIsNotReadyWithMarathonsStandInResponse() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<ReadinessResult> reported = new CopyOnWriteArrayList<>();
        ReadinessChecker checker = start(spec(closedPort, true), reported);

        Eventually.await("a result", Duration.ofSeconds(10), () -> !reported.isEmpty());
        checker.stop();
        ReadinessResult result = reported.get(0);
        assertThat(result.ready()).isFalse();
        assertThat(result.lastResponse()).contains(new HttpReply(504, "text/plain",
                "Pacer's executor could not query http://127.0.0.1:" + closedPort + "/ready: connection refused"));
    }

    @Test
    void theLabelHoldsMarathonsResultShape() {
        String label = ReadinessReport.labelValue(new ReadinessResult("warm", false,
                Optional.of(new HttpReply(503, "application/json", "{\"done\":\"40%\"}")), "HTTP 503"));

        assertThat(label).isEqualTo("{\"name\":\"warm\",\"ready\":false,\"lastResponse\":{\"status\":503,"
                + "\"contentType\":\"application/json\",\"body\":\"{\\\"done\\\":\\\"40%\\\"}\"}}");
    }
}
