package io.pacer.localcluster.conformance;

import com.google.protobuf.Message;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Calls sent byte for byte, for checking how the cluster answers malformed or unauthorised requests. */
final class RawCalls {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    record Answer(int status, String body, java.net.http.HttpHeaders headers) {
    }

    private RawCalls() {
    }

    static Answer post(URI endpoint, Message call, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()));
        headers.forEach(request::header);
        HttpResponse<InputStream> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 200) {
            response.body().close(); // an event stream: only the status matters here
            return new Answer(200, "", response.headers());
        }
        try (InputStream body = response.body()) {
            return new Answer(response.statusCode(), new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    response.headers());
        }
    }

    static Answer post(URI endpoint, Message call) throws IOException, InterruptedException {
        return post(endpoint, call, Map.of("Content-Type", "application/x-protobuf"));
    }
}
