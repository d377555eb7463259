package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.events.EventBus;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A standby's proxy between two real API servers: what it relays, what it refuses, and the leader's event stream. */
class LeaderProxyTest {
    private static final int MAX = 1024 * 1024;
    private final EventBus leaderEvents = new EventBus();
    private final HttpClient http = HttpClient.newHttpClient();
    private ApiServer leader;
    private ApiServer standby;

    @AfterEach
    void stop() {
        if (standby != null) {
            standby.close();
        }
        if (leader != null) {
            leader.close();
        }
    }

    @Test
    void relaysTheRequestAndTheLeadersAnswerWithTheViaHeaderOnBothLegs() throws Exception {
        startLeader();
        startStandby(Optional.of("127.0.0.1:" + leader.port()));

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(standbyUri("/v2/apps/web?force=true&label=a%3Db"))
                .header("Authorization", "Basic dTpw").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"cmd\":\"serve\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(answer.headers().firstValue(LeaderProxy.VIA)).contains("1.1 127.0.0.1:" + standby.port());
        JsonNode seen = ApiResponse.JSON.readTree(answer.body());
        assertThat(seen.get("method").asText()).isEqualTo("PUT");
        assertThat(seen.get("path").asText()).isEqualTo("/v2/apps/web");
        assertThat(seen.get("force").asText()).isEqualTo("true");
        assertThat(seen.get("label").asText()).isEqualTo("a=b");
        assertThat(seen.get("body").asText()).isEqualTo("{\"cmd\":\"serve\"}");
        assertThat(seen.get("authorization").asText()).as("credentials reach the leader, which checks them").isEqualTo("Basic dTpw");
        assertThat(seen.get("via").asText()).isEqualTo("1.1 127.0.0.1:" + standby.port());
        assertThat(seen.get("forwardedFor").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void aRequestThatAlreadyCameThroughThisPacerIsALoop() throws Exception {
        startLeader();
        startStandby(Optional.of("127.0.0.1:" + leader.port()));

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(standbyUri("/v2/apps"))
                .header(LeaderProxy.VIA, "1.1 10.0.0.9:8080, 1.1 127.0.0.1:" + standby.port()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).contains("Detected proxying loop.");
    }

    @Test
    void withoutALeaderOrWithOneThatCannotBeReachedTheAnswerIs502() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        startStandby(Optional.empty());
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(standbyUri("/v2/apps")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(502);
        assertThat(none.body()).contains("Could not determine the current leader");
        standby.close();

        startStandby(Optional.of("127.0.0.1:" + closed));
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(standbyUri("/v2/apps")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(refused.body()).contains("Connection to leader refused.");
    }

    @Test
    void theLeadersEventStreamFlowsThroughAStandbyAsItHappens() throws Exception {
        startLeader();
        startStandby(Optional.of("127.0.0.1:" + leader.port()));

        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(standbyUri("/v2/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).contains("text/event-stream");
            assertThat(lines.readLine()).isEqualTo("event: event_stream_attached");
            lines.readLine();
            lines.readLine();
            leaderEvents.publish(JsonNodeFactory.instance.objectNode().put("eventType", "deployment_success"));
            assertThat(lines.readLine()).as("published after the stream opened, relayed at once").isEqualTo("event: deployment_success");
        }
    }

    @Test
    void aRequestThatCameInWhileThisPacerTookOverIsAnsweredHere() {
        Leadership taken = new FixedLeadership(Optional.of("127.0.0.1:1"), true);
        LeaderProxy proxy = new LeaderProxy(taken, "127.0.0.1:1", "http", LeaderProxy.client(Optional.empty()),
                request -> ApiResponse.text(200, "answered by the new leader's routes"));

        ApiResponse answer = proxy.handle(new ApiRequest("GET", "/v2/apps", Map.of(), Map.of(), new byte[0], "127.0.0.1"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("answered by the new leader's routes");
    }

    private void startLeader() throws InterruptedException {
        Route echo = request -> {
            ObjectNode seen = JsonNodeFactory.instance.objectNode().put("method", request.method()).put("path", request.path())
                    .put("body", new String(request.body(), StandardCharsets.UTF_8))
                    .put("authorization", request.header("authorization").orElse(""))
                    .put("via", request.header(LeaderProxy.VIA).orElse(""))
                    .put("forwardedFor", request.header("X-Forwarded-For").orElse(""));
            request.query().forEach((name, values) -> seen.put(name, values.get(0)));
            return ApiResponse.json(201, seen);
        };
        Route events = request -> ApiResponse.events(new ApiResponse.EventStreamBody(leaderEvents, e -> true,
                JsonNodeFactory.instance.objectNode().put("eventType", "event_stream_attached")));
        leader = ApiServer.start("127.0.0.1", 0, MAX, MAX, Map.of("/v2/apps", echo, "/v2/events", events), null);
    }

    private void startStandby(Optional<String> leaderHostPort) throws InterruptedException {
        Leadership leadership = new FixedLeadership(leaderHostPort, false);
        standby = new ApiServer("127.0.0.1", 0, MAX, MAX, ApiAccess.open());
        standby.serve(Map.of("/", new LeaderProxy(leadership, "127.0.0.1:" + standby.port(), "http", LeaderProxy.client(Optional.empty()), request -> {
            throw new AssertionError("a standby that does not lead relays");
        })), null);
    }

    private URI standbyUri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + standby.port() + pathAndQuery);
    }

    /** An election whose outcome the test fixes. */
    private record FixedLeadership(Optional<String> leader, boolean leads) implements Leadership {
        @Override
        public boolean canAbdicate() {
            return true;
        }

        @Override
        public void abdicate() {
            throw new AssertionError("not asked to abdicate");
        }
    }
}
