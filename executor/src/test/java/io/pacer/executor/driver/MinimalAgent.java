package io.pacer.executor.driver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pacer.mesos.RecordIoEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * Just enough of a Mesos agent's executor endpoint (src/slave/http.cpp) for one wire test: exact protobuf
 * Content-Type, SUBSCRIBE answered 200 with a RecordIO event stream held open, other calls 202.
 */
public final class MinimalAgent implements AutoCloseable {
    public final BlockingQueue<Call> subscribes = new LinkedBlockingQueue<>();
    public final BlockingQueue<Call> updates = new LinkedBlockingQueue<>();
    public final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private volatile HttpExchange stream;

    public MinimalAgent() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.setExecutor(threads);
        server.createContext("/api/v1/executor", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        contentTypes.add(String.valueOf(contentType));
        if (!"application/x-protobuf".equals(contentType)) {
            exchange.sendResponseHeaders(415, -1);
            exchange.close();
            return;
        }
        Call call = Call.parseFrom(exchange.getRequestBody().readAllBytes());
        if (call.getType() == Call.Type.SUBSCRIBE) {
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, 0); // chunked, held open: the event stream
            exchange.getResponseBody().flush(); // the server holds the headers back until the body is flushed
            stream = exchange;
            subscribes.add(call);
            return;
        }
        if (call.getType() == Call.Type.UPDATE) {
            updates.add(call);
        }
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
    }

    /** Writes one event on the open stream, framed as RecordIO. */
    public synchronized void send(Event event) throws IOException {
        OutputStream out = stream.getResponseBody();
        out.write(RecordIoEncoder.encode(event.toByteArray()));
        out.flush();
    }

    /** Ends the event stream, as an agent that goes away. */
    public void dropStream() {
        stream.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
