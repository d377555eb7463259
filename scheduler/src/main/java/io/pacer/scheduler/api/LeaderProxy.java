package io.pacer.scheduler.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a standby answers: it relays the request to the leader and the leader's answer back, streamed, so that
 * {@code /v2/events} through a standby is the leader's event stream (Marathon's LeaderProxyFilter and its request
 * forwarder: the {@code X-Marathon-Via} header on both legs, a request that already came through this Pacer refused
 * as a loop with 502 "Detected proxying loop.", 502 "Could not determine the current leader" when, after waiting
 * up to 2.5 s for an election, there is none).
 */
public final class LeaderProxy implements Route {
    public static final String VIA = "X-Marathon-Via";
    public static final String LEADER = "X-Marathon-Leader";
    private static final Logger LOG = LoggerFactory.getLogger(LeaderProxy.class);
    /** Marathon's waitForConsistentLeadership: 10 tries, 250 ms apart. */
    private static final int LEADER_TRIES = 10;
    private static final Duration LEADER_WAIT = Duration.ofMillis(250);
    /** Marathon's --leader_proxy_connection_timeout and --leader_proxy_read_timeout defaults; the read timeout bounds
     *  the wait for the answer's head, not a stream's length. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    /** Hop-by-hop headers, and those HttpClient sets itself and refuses to be given. */
    private static final Set<String> NOT_RELAYED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "host", "content-length", "expect", "http2-settings");

    private final Leadership leadership;
    private final String self;
    private final String scheme;
    private final HttpClient client;
    private final Route here;

    /**
     * @param self   this Pacer's {@code host:port}, as it stands in the election
     * @param scheme how the Pacers serve their API to each other: https when plain HTTP is disabled
     * @param here   this Pacer's API, which answers a request itself once this Pacer has taken over as the leader
     */
    public LeaderProxy(Leadership leadership, String self, String scheme, HttpClient client, Route here) {
        this.leadership = leadership;
        this.self = self;
        this.scheme = scheme;
        this.client = client;
        this.here = here;
    }

    /** The client a standby relays with: no redirects followed (the caller sees the leader's), bounded waits. */
    public static HttpClient client(Optional<javax.net.ssl.SSLContext> trust) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(CONNECT_TIMEOUT);
        trust.ifPresent(builder::sslContext);
        return builder.build();
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        String via = "1.1 " + self;
        if (request.header(VIA).map(v -> List.of(v.split(",\\s*")).contains(via)).orElse(false)) {
            throw ApiException.of(502, "Detected proxying loop.");
        }
        Optional<String> elsewhere = awaitLeader();
        if (elsewhere.isEmpty()) {
            return here.handle(request); // this Pacer leads now: its own routes answer
        }
        String leader = elsewhere.get();
        URI target = URI.create(scheme + "://" + leader + request.path() + query(request.query()));
        HttpRequest.Builder relayed = HttpRequest.newBuilder(target).timeout(ANSWER_TIMEOUT).method(request.method(), request.body().length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, value) -> {
            if (!NOT_RELAYED.contains(name) && !name.equals("x-marathon-via") && !name.equals("x-forwarded-for")) {
                relayed.header(name, value);
            }
        });
        relayed.header(VIA, request.header(VIA).map(v -> v + ", " + via).orElse(via));
        relayed.header("X-Forwarded-For", request.header("X-Forwarded-For").map(v -> v + ",").orElse("") + request.remoteAddress());
        HttpResponse<InputStream> answer;
        try {
            answer = client.send(relayed.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw ApiException.of(504, "Connection to leader timed out.");
        } catch (ConnectException e) {
            throw ApiException.of(502, "Connection to leader refused.");
        } catch (IOException e) {
            LOG.warn("Relaying {} {} to the leader at {} failed: {}", request.method(), request.path(), leader, e.toString());
            throw ApiException.of(502, "Failed to successfully establish a connection to the leader.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.of(503, "interrupted while relaying to the leader");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        answer.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_RELAYED.contains(lower) && !lower.equals("content-type") && !lower.startsWith(":")) {
                headers.put(name, String.join(", ", values));
            }
        });
        headers.put(VIA, via);
        return ApiResponse.stream(answer.statusCode(), answer.headers().firstValue("content-type").orElse("application/octet-stream"),
                answer.body(), headers);
    }

    /**
     * The leader's host:port once the election has one that is not this Pacer; empty once this Pacer has taken over
     * itself (elected, the state loaded, its routes installed), which a request that came in just before may see.
     */
    private Optional<String> awaitLeader() {
        for (int i = 0; ; i++) {
            Optional<String> leader = leadership.leader();
            if (leader.isPresent() && !leader.get().equals(self)) {
                return leader;
            }
            if (leader.isPresent() && leadership.leads()) {
                return Optional.empty();
            }
            if (i == LEADER_TRIES) {
                if (leader.isPresent()) {
                    throw ApiException.of(503, "This Pacer is taking over as the leader: try again in a moment");
                }
                throw ApiException.of(502, "Could not determine the current leader");
            }
            try {
                Thread.sleep(LEADER_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.of(503, "interrupted while waiting for a leader");
            }
        }
    }

    private static String query(Map<String, List<String>> query) {
        StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, values) -> values.forEach(value -> joined.add(encode(name) + "=" + encode(value))));
        return joined.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
