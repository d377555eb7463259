package io.pacer.mesos;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.EOFException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SUBSCRIBE attempt and, once answered 200, its body: RecordIO-framed protobuf events, decoded as the bytes
 * arrive and handed on in order. Its body future completes when the stream ends, normally or not; {@link #abort}
 * ends it from outside, whether the answer has come yet or not.
 */
final class EventStream<E extends Message> implements HttpResponse.BodySubscriber<Void> {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final MesosApi<?, E> api;
    private final RecordIoDecoder decoder;
    private final BiConsumer<EventStream<E>, E> events;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile CompletableFuture<?> exchange;
    private volatile String streamId;
    private volatile Exception abortCause;
    private volatile long lastRecordNanos = System.nanoTime();

    EventStream(MesosApi<?, E> api, int maxEventBytes, BiConsumer<EventStream<E>, E> events) {
        this.api = api;
        this.decoder = new RecordIoDecoder(maxEventBytes);
        this.events = events;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (ended.isDone()) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        try {
            for (ByteBuffer buffer : buffers) {
                decoder.decode(buffer, this::dispatch);
            }
            subscription.request(1);
        } catch (RecordIoException | ProtocolError e) {
            abort(e);
        }
    }

    @Override
    public void onError(Throwable error) {
        ended.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        if (decoder.isAtRecordBoundary()) {
            ended.complete(null);
        } else {
            ended.completeExceptionally(new EOFException("event stream ended in the middle of a RecordIO record"));
        }
    }

    @Override
    public CompletionStage<Void> getBody() {
        return ended;
    }

    /** The HTTP exchange this stream is the body of, so that an abort before the answer cancels it too. */
    void bind(CompletableFuture<?> exchange) {
        this.exchange = exchange;
    }

    /** Ends the stream with {@code cause} and drops its connection. */
    void abort(Exception cause) {
        abortCause = cause;
        if (ended.completeExceptionally(cause)) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
        CompletableFuture<?> e = exchange;
        if (e != null) {
            e.cancel(true);
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

    void answered(String streamId) {
        this.streamId = streamId;
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

    /** Unchecked so that it can leave the decoder's sink; caught in {@link #onNext}. */
    private static final class ProtocolError extends RuntimeException {
        ProtocolError(String message) {
            super(message);
        }
    }
}
