package io.pacer.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * One GET on a connection of its own: Python's HTTP/1.0 demo servers close each connection without saying so, and a
 * pooled connection may be one they already closed.
 */
final class HttpProbe {
    private HttpProbe() {
    }

    static int status(URI uri) throws IOException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** For {@link Poll#until}: present once the URI answers 200. */
    static Optional<Boolean> answers(URI uri) {
        try {
            return status(uri) == 200 ? Optional.of(true) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
