package io.pacer.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests in a loop on a few threads over keep-alive connections (to a load balancer), each outcome counted, until
 * closed: a failure is a status other than 200 or an I/O error. Also counts the 200 answers by body, so that a test
 * can tell which backends (or versions) served.
 */
final class HttpLoad implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong total = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> bodies = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    HttpLoad(URI uri, int threads) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            failures.add(Instant.now() + " HTTP " + response.statusCode() + ": " + response.body());
                        } else {
                            bodies.computeIfAbsent(response.body().strip(), b -> new AtomicLong()).incrementAndGet();
                        }
                    } catch (IOException e) {
                        failures.add(Instant.now() + " " + e);
                    } catch (InterruptedException e) {
                        return;
                    }
                    total.incrementAndGet();
                }
            }, "load-" + i);
            t.start();
            this.threads.add(t);
        }
    }

    long total() {
        return total.get();
    }

    List<String> failures() {
        return failures;
    }

    /** How many 200 answers had each body (stripped). */
    Map<String, Long> answersByBody() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        bodies.forEach((body, n) -> counts.put(body, n.get()));
        return counts;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(15_000);
        }
    }
}
