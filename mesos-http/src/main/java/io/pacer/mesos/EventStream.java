package io.pacer.mesos;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SUBSCRIBE attempt and, once answered 200, its body: RecordIO-framed protobuf events, decoded as the bytes
 * arrive and handed on in order. {@link #result()} completes when the exchange ends: empty after an event stream that
 * ended cleanly, with the {@link Rejection} for any other status, exceptionally when it broke; {@link #abort} ends
 * it from outside, whether the answer has come yet or not.
 */
final class EventStream<E extends Message> implements HttpConnections.StreamHandler {
    /** A SUBSCRIBE answered with something other than an event stream. */
    record Rejection(int status, Optional<String> location, String body) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private static final int MAX_REJECTION_BYTES = 64 * 1024;

    private final MesosApi<?, E> api;
    private final RecordIoDecoder decoder;
    private final BiConsumer<EventStream<E>, E> events;
    private final CompletableFuture<Optional<Rejection>> result = new CompletableFuture<>();
    private volatile HttpConnections.Exchange exchange;
    private volatile String streamId;
    private volatile Exception abortCause;
    private volatile long lastRecordNanos = System.nanoTime();
    // the connection's thread only
    private int status;
    private Optional<String> location = Optional.empty();
    private final ByteArrayOutputStream rejectionBody = new ByteArrayOutputStream();

    EventStream(MesosApi<?, E> api, int maxEventBytes, BiConsumer<EventStream<E>, E> events) {
        this.api = api;
        this.decoder = new RecordIoDecoder(maxEventBytes);
        this.events = events;
    }

    @Override
    public void answered(int status, Map<String, String> headers) {
        this.status = status;
        if (status == 200) {
            streamId = headers.get("Mesos-Stream-Id");
        } else {
            location = Optional.ofNullable(headers.get("Location"));
        }
    }

    @Override
    public void content(ByteBuffer piece) {
        if (result.isDone()) {
            return;
        }
        if (status != 200) {
            int room = MAX_REJECTION_BYTES - rejectionBody.size();
            byte[] bytes = new byte[Math.min(room, piece.remaining())];
            piece.get(bytes);
            rejectionBody.writeBytes(bytes);
            return;
        }
        try {
            decoder.decode(piece, this::dispatch);
        } catch (RecordIoException | ProtocolError e) {
            abort(e);
        }
    }

    @Override
    public void ended(Throwable error) {
        if (error != null) {
            result.completeExceptionally(error);
        } else if (status != 200) {
            result.complete(Optional.of(new Rejection(status, location, rejectionBody.toString(StandardCharsets.UTF_8))));
        } else if (decoder.isAtRecordBoundary()) {
            result.complete(Optional.empty());
        } else {
            result.completeExceptionally(new EOFException("event stream ended in the middle of a RecordIO record"));
        }
    }

    CompletableFuture<Optional<Rejection>> result() {
        return result;
    }

    /** The HTTP exchange this stream is the answer of, so that an abort drops its connection. */
    void bind(HttpConnections.Exchange exchange) {
        this.exchange = exchange;
        if (result.isDone() && abortCause != null) {
            exchange.abort();
        }
    }

    /** Ends the stream with {@code cause} and drops its connection. */
    void abort(Exception cause) {
        abortCause = cause;
        result.completeExceptionally(cause);
        HttpConnections.Exchange e = exchange;
        if (e != null) {
            e.abort();
        }
    }

    /** Why {@link #abort} ended this stream, if it did. */
    Exception abortCause() {
        return abortCause;
    }

    /** The {@code Mesos-Stream-Id} the 200 answer carried (null for the executor API, which has none). */
    String streamId() {
        return streamId;
    }

    long lastRecordNanos() {
        return lastRecordNanos;
    }

    private void dispatch(byte[] record) {
        lastRecordNanos = System.nanoTime();
        E event;
        try {
            event = api.eventParser().parseFrom(record);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolError("an event on " + api.path() + " is not a valid protobuf message: " + e.getMessage());
        }
        try {
            events.accept(this, event);
        } catch (RuntimeException e) {
            LOG.error("Handling an event from {} failed; the stream goes on", api.path(), e);
        }
    }

    /** Unchecked so that it can leave the decoder's sink; caught in {@link #content}. */
    private static final class ProtocolError extends RuntimeException {
        ProtocolError(String message) {
            super(message);
        }
    }
}
