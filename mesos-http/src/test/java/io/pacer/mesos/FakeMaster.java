package io.pacer.mesos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * An in-process stand-in for a Mesos master's /api/v1/scheduler, scripted per test: each SUBSCRIBE is answered by
 * the next {@link Responder} queued; every other call is recorded and answered 202 (or as {@link #callStatus} says).
 */
final class FakeMaster implements AutoCloseable {
    /** Answers one SUBSCRIBE; may stream for as long as it likes. */
    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange, Stream stream) throws Exception;
    }

    /** A received request, with what the tests check about it. */
    record Received(Call call, String contentType, String streamId, int clientPort) {
    }

    final BlockingQueue<Received> subscribes = new LinkedBlockingQueue<>();
    final BlockingQueue<Received> calls = new LinkedBlockingQueue<>();
    private final BlockingQueue<Responder> responders = new LinkedBlockingQueue<>();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    volatile int callStatus = 202;
    volatile String callBody = "";
    /** Calls are answered only once this opens (it is open unless a test says otherwise). */
    volatile CountDownLatch answerCallsOnceOpen = new CountDownLatch(0);

    FakeMaster() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/scheduler", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void thenRespond(Responder responder) {
        responders.add(responder);
    }

    Received nextSubscribe() throws InterruptedException {
        Received r = subscribes.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no SUBSCRIBE arrived within 10 s");
        }
        return r;
    }

    Received nextCall() throws InterruptedException {
        Received r = calls.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no call arrived within 10 s");
        }
        return r;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Call call = Call.parseFrom(exchange.getRequestBody().readAllBytes());
            Received received = new Received(call, exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Mesos-Stream-Id"), exchange.getRemoteAddress().getPort());
            if (call.getType() == Call.Type.SUBSCRIBE) {
                subscribes.add(received);
                Responder responder = responders.poll(10, TimeUnit.SECONDS);
                if (responder == null) {
                    throw new AssertionError("no responder queued for a SUBSCRIBE");
                }
                responder.respond(exchange, new Stream(exchange));
            } else {
                calls.add(received);
                if (!answerCallsOnceOpen.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("calls were held for over 10 s");
                }
                byte[] body = callBody.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(callStatus, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    exchange.getResponseBody().write(body);
                }
            }
        } catch (IOException e) {
            // the client went away mid-stream: expected in the tests that drop streams
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    // ---- scripted answers ----

    static Responder status(int status, String body, String... headers) {
        return (exchange, stream) -> {
            for (int i = 0; i + 1 < headers.length; i += 2) {
                exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        };
    }

    static Event subscribed(String frameworkId, double heartbeatSeconds) {
        return Event.newBuilder().setType(Event.Type.SUBSCRIBED)
                .setSubscribed(Event.Subscribed.newBuilder()
                        .setFrameworkId(org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue(frameworkId))
                        .setHeartbeatIntervalSeconds(heartbeatSeconds))
                .build();
    }

    static Event heartbeat() {
        return Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
    }

    /** The 200 stream of one subscription: RecordIO records cut into chunks at random places. */
    static final class Stream {
        private final HttpExchange exchange;
        private final Random random = new Random();
        private OutputStream body;

        Stream(HttpExchange exchange) {
            this.exchange = exchange;
        }

        Stream open(String streamId) throws IOException {
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.getResponseHeaders().add("Mesos-Stream-Id", streamId);
            exchange.sendResponseHeaders(200, 0);
            body = exchange.getResponseBody();
            return this;
        }

        Stream send(Event event) throws IOException {
            return sendRaw(RecordIoEncoder.encode(event.toByteArray()));
        }

        Stream sendRaw(byte[] bytes) throws IOException {
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(8));
                body.write(bytes, at, n);
                body.flush();
                at += n;
            }
            return this;
        }

        /** Keeps the stream open, silent, until the client goes away or the test ends. */
        void holdOpen() throws InterruptedException {
            Thread.sleep(60_000);
        }

        /** Heartbeats until the client goes away: a write to a dropped connection fails. */
        void heartbeatEvery(long millis) throws IOException, InterruptedException {
            while (true) {
                send(heartbeat());
                Thread.sleep(millis);
            }
        }
    }
}
