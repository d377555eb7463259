package io.pacer.staging;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} that gives up when the server goes quiet for longer than the read
 * timeout. The JDK client's own body streams wait forever once the headers are in, and a stalled server must
 * not hold a task in staging for ever.
 */
final class HttpBodyStream extends InputStream implements HttpResponse.BodySubscriber<InputStream> {

    /** Buffer lists requested ahead of the reader: bounds memory while keeping the socket busy. */
    private static final int WINDOW = 32;
    private static final Object END = new Object();

    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    private final Duration readTimeout;
    private final String displayUri;
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> currentList = List.<ByteBuffer>of().iterator();
    private ByteBuffer current = ByteBuffer.allocate(0);
    private boolean ended;

    private HttpBodyStream(Duration readTimeout, String displayUri) {
        this.readTimeout = readTimeout;
        this.displayUri = displayUri;
    }

    static HttpResponse.BodyHandler<InputStream> handler(Duration readTimeout, String displayUri) {
        return info -> new HttpBodyStream(readTimeout, displayUri);
    }

    /** The stream is the body, available at once: the client returns the response as soon as the headers are in. */
    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(WINDOW);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        arrivals.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        arrivals.add(throwable);
    }

    @Override
    public void onComplete() {
        arrivals.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int copied = 0;
        // fill from what has already arrived; block only while nothing at all has been copied
        while (copied < length && advance(copied == 0)) {
            int n = Math.min(length - copied, current.remaining());
            current.get(buffer, offset + copied, n);
            copied += n;
        }
        return copied == 0 ? -1 : copied;
    }

    /** Makes {@code current} non-empty; false at the end of the body or when not waiting and nothing is there. */
    private boolean advance(boolean wait) throws IOException {
        while (!current.hasRemaining()) {
            if (currentList.hasNext()) {
                current = currentList.next();
                continue;
            }
            if (ended) {
                return false;
            }
            Object next = wait ? poll() : arrivals.poll();
            if (next == null) {
                return false;
            }
            if (next == END) {
                ended = true;
                return false;
            }
            if (next instanceof Throwable failure) {
                ended = true;
                throw new SourceReadException(FailureCause.CONNECTION_LOST,
                        "connection to " + displayUri + " lost before the whole body arrived", failure);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) next;
            currentList = list.iterator();
            subscription.request(1);
        }
        return true;
    }

    private Object poll() throws IOException {
        try {
            Object next = arrivals.poll(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
            if (next == null) {
                close();
                throw new SourceReadException(FailureCause.TIMEOUT, "no data from " + displayUri + " for "
                        + DurationText.of(readTimeout) + " (read timed out)", null);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new SourceReadException(FailureCause.INTERRUPTED, "interrupted reading " + displayUri, e);
        }
    }

    /** Cancelling the subscription makes the client drop the connection instead of reading the rest. */
    @Override
    public void close() {
        Flow.Subscription s = subscription;
        if (s != null && !ended) {
            ended = true;
            s.cancel();
        }
    }
}
