package io.pacer.mesos;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An agent's /api/v1/executor that answers any SUBSCRIBE with SUBSCRIBED and no stream id, then stays open. */
final class FakeAgent implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private volatile String path;

    FakeAgent() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            path = exchange.getRequestURI().getPath();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            var subscribed = org.apache.mesos.v1.executor.Protos.Event.newBuilder()
                    .setType(org.apache.mesos.v1.executor.Protos.Event.Type.SUBSCRIBED).build();
            exchange.getResponseBody().write(RecordIoEncoder.encode(subscribed.toByteArray()));
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String path() {
        return path;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
