package io.pacer.localcluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.mesos.RecordIoDecoder;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls and event streams in application/json, which Mesos prefers when the Accept header allows it. */
class JsonTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SUBSCRIBE = "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"root\",\"name\":\"json\"}}}";

    @TempDir
    Path workDir;
    private ClusterUnderTest cluster;
    private URI endpoint;

    @BeforeEach
    void start() throws Exception {
        cluster = ClusterUnderTest.start(workDir);
        endpoint = cluster.master().resolve("/api/v1/scheduler");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void jsonSubscribeWithoutAcceptGetsAJsonEventStreamAndJsonCallsAreAccepted() throws Exception {
        HttpResponse<InputStream> stream = CLIENT.send(post(SUBSCRIBE).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = stream.body()) {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).contains("application/json");
            String subscribed = firstRecord(body);
            assertThat(subscribed).contains("\"type\":\"SUBSCRIBED\"").contains("\"framework_id\":{\"value\":\"");
            String frameworkId = subscribed.replaceFirst(".*\"framework_id\":\\{\"value\":\"([^\"]+)\".*", "$1");
            HttpResponse<String> revive = CLIENT.send(post("{\"type\":\"REVIVE\",\"framework_id\":{\"value\":\"" + frameworkId + "\"}}")
                    .header("Mesos-Stream-Id", stream.headers().firstValue("Mesos-Stream-Id").orElseThrow()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(revive.statusCode()).isEqualTo(202);
        }
    }

    @Test
    void malformedJsonIs400() throws Exception {
        HttpResponse<String> answer = CLIENT.send(post("{\"type\":").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).startsWith("Failed to convert JSON into Call protobuf: ");
    }

    @Test
    void subscribeAcceptingNeitherEncodingIs406() throws Exception {
        HttpResponse<String> answer = CLIENT.send(post(SUBSCRIBE).header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(406);
        assertThat(answer.body()).isEqualTo("Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
    }

    private HttpRequest.Builder post(String json) {
        return HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static String firstRecord(InputStream body) throws Exception {
        RecordIoDecoder decoder = new RecordIoDecoder(1 << 20);
        List<byte[]> records = new ArrayList<>();
        byte[] buffer = new byte[4096];
        while (records.isEmpty()) {
            int n = body.read(buffer);
            assertThat(n).as("stream ended before its first record").isPositive();
            decoder.decode(ByteBuffer.wrap(buffer, 0, n), records::add);
        }
        return new String(records.get(0), StandardCharsets.UTF_8);
    }
}
