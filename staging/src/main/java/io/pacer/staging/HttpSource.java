package io.pacer.staging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLContext;

/**
 * {@code http} and {@code https} over HTTP/1.1 with the JDK client. Follows at most {@value #MAX_REDIRECTS}
 * redirects itself so that the limit and the error are ours.
 */
final class HttpSource implements ArtifactSource {

    static final int MAX_REDIRECTS = 5;

    private static final Logger log = LoggerFactory.getLogger(HttpSource.class);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(410, "Gone"), Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Optional<SSLContext> sslContext;
    private HttpClient client;

    HttpSource(StagingConfig config) {
        this.connectTimeout = config.connectTimeout();
        this.readTimeout = config.readTimeout();
        this.sslContext = config.sslContext();
    }

    /** Built on first use: loading the system trust store costs a few hundred ms that file URIs never need. */
    private synchronized HttpClient client() {
        if (client == null) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(connectTimeout);
            sslContext.ifPresent(builder::sslContext);
            client = builder.build();
        }
        return client;
    }

    @Override
    public SourceBody open(Artifact artifact) throws StagingException {
        String display = artifact.displayUri();
        URI uri = artifact.uri();
        for (int redirects = 0; ; redirects++) {
            HttpResponse<InputStream> response = send(uri, display);
            int status = response.statusCode();
            if (status / 100 == 2) {
                return new SourceBody(response.body(), response.headers().firstValueAsLong("content-length")
                        .orElse(-1));
            }
            closeQuietly(response.body());
            if (REDIRECTS.contains(status) && response.headers().firstValue("location").isPresent()) {
                if (redirects == MAX_REDIRECTS) {
                    throw new StagingException(FailureCause.TOO_MANY_REDIRECTS,
                            "more than " + MAX_REDIRECTS + " redirects from " + display);
                }
                URI next = uri.resolve(response.headers().firstValue("location").orElseThrow());
                if (!next.getScheme().equalsIgnoreCase("http") && !next.getScheme().equalsIgnoreCase("https")) {
                    throw new StagingException(FailureCause.HTTP_CLIENT_ERROR,
                            display + " redirects to unsupported scheme " + next.getScheme());
                }
                log.debug("{} redirects to {}", uri, next);
                uri = next;
                continue;
            }
            String reason = REASONS.containsKey(status) ? status + " " + REASONS.get(status) : "HTTP " + status;
            throw new StagingException(status / 100 == 5 ? FailureCause.HTTP_SERVER_ERROR
                    : FailureCause.HTTP_CLIENT_ERROR, reason + " from " + display);
        }
    }

    private HttpResponse<InputStream> send(URI uri, String display) throws StagingException {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(readTimeout).build();
        try {
            return client().send(request, HttpBodyStream.handler(readTimeout, display));
        } catch (HttpConnectTimeoutException e) {
            throw new StagingException(FailureCause.TIMEOUT, "connection to " + display + " timed out after "
                    + DurationText.of(connectTimeout), e);
        } catch (HttpTimeoutException e) {
            throw new StagingException(FailureCause.TIMEOUT, "no response from " + display + " within "
                    + DurationText.of(readTimeout) + " (read timed out)", e);
        } catch (ConnectException e) {
            throw new StagingException(FailureCause.CONNECTION_FAILED, "cannot connect to " + display + ": "
                    + (e.getMessage() == null ? "connection refused" : e.getMessage()), e);
        } catch (IOException e) {
            throw new StagingException(FailureCause.CONNECTION_FAILED, "request to " + display + " failed: "
                    + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StagingException(FailureCause.INTERRUPTED, "interrupted fetching " + display, e);
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // an error body we did not want
        }
    }
}
