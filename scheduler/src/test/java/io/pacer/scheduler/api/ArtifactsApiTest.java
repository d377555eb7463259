package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pacer.scheduler.artifacts.ArtifactStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The artifact store over real HTTP: streamed uploads, ranges, validators, refusals. */
class ArtifactsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_UPLOAD = 32 * 1024 * 1024;

    @TempDir
    Path storeDir;
    private ApiServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        ArtifactsResource artifacts = new ArtifactsResource(new ArtifactStore(storeDir));
        // API bodies are capped at 64 KiB in memory; uploads are streamed and may be far larger
        server = ApiServer.start("127.0.0.1", 0, 64 * 1024, MAX_UPLOAD, Map.of(ArtifactsResource.PREFIX, artifacts), artifacts);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPutArtifactIsServedBackWithItsLengthAndValidators() throws Exception {
        byte[] content = randomBytes(5 * 1024 * 1024);

        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/v2/artifacts/apps/web-1.0.tgz"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        HttpResponse<byte[]> fetched = http.send(HttpRequest.newBuilder(uri("/v2/artifacts/apps/web-1.0.tgz")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("http://127.0.0.1:" + server.port() + "/v2/artifacts/apps/web-1.0.tgz");
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(content);
        assertThat(fetched.headers().firstValueAsLong("Content-Length")).hasValue(content.length);
        assertThat(fetched.headers().firstValue("Content-Type")).contains("application/gzip");
        assertThat(fetched.headers().firstValue("ETag")).isPresent();
        assertThat(send(HttpRequest.newBuilder(uri("/v2/artifacts/apps/web-1.0.tgz")).PUT(HttpRequest.BodyPublishers.ofString("v2")))
                .statusCode()).as("a replacement is not created").isEqualTo(200);
    }

    @Test
    void aMultipartPostToTheRootIsStoredUnderItsFileName() throws Exception {
        String boundary = "pacer-boundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"app.py\"\r\n"
                + "Content-Type: text/x-python\r\n\r\nprint('hello')\n\r\n--" + boundary + "--\r\n";

        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/v2/artifacts"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).get("path").asText()).isEqualTo("/v2/artifacts/app.py");
        assertThat(send(HttpRequest.newBuilder(uri("/v2/artifacts/app.py"))).body()).isEqualTo("print('hello')\n");
    }

    @Test
    void aMultipartUploadWithoutAFileFieldIsRefused() throws Exception {
        String boundary = "b";
        String body = "--b\r\nContent-Disposition: form-data; name=\"upload\"\r\n\r\nx\r\n--b--\r\n";
        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/v2/artifacts/x.txt"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("message").asText()).isEqualTo("Please use 'file' as form parameter name!");
    }

    @Test
    void servesSingleByteRangesAndRefusesImpossibleOnes() throws Exception {
        send(HttpRequest.newBuilder(uri("/v2/artifacts/digits.txt")).PUT(HttpRequest.BodyPublishers.ofString("0123456789")));

        HttpResponse<String> middle = send(HttpRequest.newBuilder(uri("/v2/artifacts/digits.txt")).header("Range", "bytes=2-5"));
        HttpResponse<String> suffix = send(HttpRequest.newBuilder(uri("/v2/artifacts/digits.txt")).header("Range", "bytes=-3"));
        HttpResponse<String> open = send(HttpRequest.newBuilder(uri("/v2/artifacts/digits.txt")).header("Range", "bytes=7-"));
        HttpResponse<String> beyond = send(HttpRequest.newBuilder(uri("/v2/artifacts/digits.txt")).header("Range", "bytes=10-"));

        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo("2345");
        assertThat(middle.headers().firstValue("Content-Range")).contains("bytes 2-5/10");
        assertThat(suffix.body()).isEqualTo("789");
        assertThat(open.body()).isEqualTo("789");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).contains("bytes */10");
    }

    @Test
    void anUnchangedArtifactIsNotSentAgain() throws Exception {
        send(HttpRequest.newBuilder(uri("/v2/artifacts/a.txt")).PUT(HttpRequest.BodyPublishers.ofString("a")));
        String etag = send(HttpRequest.newBuilder(uri("/v2/artifacts/a.txt"))).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = send(HttpRequest.newBuilder(uri("/v2/artifacts/a.txt")).header("If-None-Match", etag));

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void pathsThatLeaveTheStoreAreRefusedAndNothingIsWritten() throws Exception {
        for (String bad : new String[] {"/v2/artifacts/%2e%2e/escape.txt", "/v2/artifacts/.hidden", "/v2/artifacts/a//b"}) {
            HttpResponse<String> refused = send(HttpRequest.newBuilder(uri(bad)).PUT(HttpRequest.BodyPublishers.ofString("x")));
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(storeDir.getParent().resolve("escape.txt")).doesNotExist();
        assertThat(filesIn(storeDir)).isZero();
    }

    @Test
    void anUploadOverTheLimitIsA413AndLeavesNothingBehind() throws Exception {
        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/v2/artifacts/huge.bin"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) MAX_UPLOAD + 1])));

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(filesIn(storeDir)).isZero();
    }

    @Test
    void deleteRemovesAnArtifact() throws Exception {
        send(HttpRequest.newBuilder(uri("/v2/artifacts/a.txt")).PUT(HttpRequest.BodyPublishers.ofString("a")));
        assertThat(send(HttpRequest.newBuilder(uri("/v2/artifacts/a.txt")).DELETE()).statusCode()).isEqualTo(200);
        HttpResponse<String> gone = send(HttpRequest.newBuilder(uri("/v2/artifacts/a.txt")));
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).get("message").asText()).isEqualTo("No artifact with path a.txt");
    }

    @Test
    void headAnswersHeadersOnly() throws Exception {
        send(HttpRequest.newBuilder(uri("/v2/artifacts/a.txt")).PUT(HttpRequest.BodyPublishers.ofString("abc")));
        HttpResponse<String> head = send(HttpRequest.newBuilder(uri("/v2/artifacts/a.txt")).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(3);
        assertThat(head.body()).isEmpty();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(1).nextBytes(b);
        return b;
    }

    private static long filesIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
