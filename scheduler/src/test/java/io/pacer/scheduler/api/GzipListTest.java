package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /v2/apps gzipped for a client that accepts it: the same JSON, fewer bytes, and kept until the list changes. */
class GzipListTest {
    @TempDir
    Path workDir;

    private ApiFixture api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(workDir, ApiFixture.CLOCK, Duration.ofSeconds(5));
        for (int i = 0; i < 20; i++) {
            api.send("POST", "/v2/apps", "{\"id\": \"/gz/app" + i + "\", \"cmd\": \"sleep 1\", \"instances\": 0}");
        }
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void theListIsGzippedOnlyForAClientThatAcceptsIt() throws Exception {
        HttpResponse<byte[]> plain = get(Map.of());
        HttpResponse<byte[]> gzipped = get(Map.of("Accept-Encoding", "br, gzip;q=0.8"));
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gzipped.headers().firstValue("Vary")).contains("Accept-Encoding");
        assertThat(gzipped.body().length).isLessThan(plain.body().length / 4);
        assertThat(gunzip(gzipped.body())).isEqualTo(new String(plain.body(), StandardCharsets.UTF_8)).contains("/gz/app19");
        assertThat(get(Map.of("Accept-Encoding", "gzip;q=0, identity")).headers().firstValue("Content-Encoding")).isEmpty();

        // a change to the list is in the next gzipped answer too
        api.send("POST", "/v2/apps", "{\"id\": \"/gz/later\", \"cmd\": \"sleep 1\", \"instances\": 0}");
        assertThat(gunzip(get(Map.of("Accept-Encoding", "gzip")).body())).contains("/gz/later");
    }

    private HttpResponse<byte[]> get(Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/v2/apps"));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(byte[] bytes) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
