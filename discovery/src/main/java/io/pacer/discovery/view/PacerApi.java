package io.pacer.discovery.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** The two calls of Pacer's public REST API that discovery needs: the apps with their tasks, and the event stream. */
public final class PacerApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final Optional<String> authorization;
    private final HttpClient http;

    /** {@code authorization}: the Authorization header of every request, when Pacer requires credentials. */
    public PacerApi(URI base, Optional<String> authorization) {
        this(base, authorization, Optional.empty());
    }

    /** {@code trust}: whom HTTPS trusts, instead of the JDK's default trust store. */
    public PacerApi(URI base, Optional<String> authorization, Optional<SSLContext> trust) {
        this.base = base;
        this.authorization = authorization;
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        trust.ifPresent(client::sslContext);
        this.http = client.build();
    }

    public URI base() {
        return base;
    }

    /** {@code GET /v2/apps?embed=apps.tasks}. */
    public JsonNode snapshot() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request("/v2/apps?embed=apps.tasks").timeout(TIMEOUT)
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /v2/apps?embed=apps.tasks answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    /** {@code GET /v2/events}: server-sent events, read one at a time. */
    public EventStream events() throws IOException, InterruptedException {
        HttpResponse<java.io.InputStream> response = http.send(request("/v2/events")
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("GET /v2/events answered " + response.statusCode());
        }
        return new EventStream(response.body());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        authorization.ifPresent(a -> request.header("Authorization", a));
        return request;
    }

    /** The events of one connection ({@code event:} and {@code data:} lines, a blank line after each); the data is JSON. */
    public static final class EventStream implements AutoCloseable {
        private final java.io.InputStream body;
        private final BufferedReader reader;

        EventStream(java.io.InputStream body) {
            this.body = body;
            this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        }

        /** The next event, read up to the blank line that ends it; empty when the stream ended. */
        public Optional<JsonNode> next() throws IOException {
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                } else if (line.isEmpty() && !data.isEmpty()) {
                    return Optional.of(JSON.readTree(data.toString()));
                }
            }
            return Optional.empty();
        }

        /** Whether an event (or part of one) has arrived already, so that reading it would not wait. */
        public boolean hasMore() throws IOException {
            return reader.ready();
        }

        /** Ends the stream, also while another thread waits in {@link #next()} (the reader's lock is its). */
        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
