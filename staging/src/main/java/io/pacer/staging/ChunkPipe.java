package io.pacer.staging;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands downloaded bytes to the thread that unpacks them, so unpacking overlaps the download. Bounded, so a
 * slow disk slows the download instead of filling memory. (The JDK's piped streams move a kilobyte at a time
 * and poll once a second.)
 */
final class ChunkPipe {

    private static final Object END = new Object();

    private final BlockingQueue<Object> chunks;
    private volatile boolean readerDone;

    ChunkPipe(int capacity) {
        this.chunks = new ArrayBlockingQueue<>(capacity);
    }

    /** Passes on a copy of the bytes; dropped once the reader has finished (a tar's trailing padding). */
    void write(byte[] bytes, int offset, int length) throws InterruptedException {
        if (!readerDone) {
            byte[] chunk = new byte[length];
            System.arraycopy(bytes, offset, chunk, 0, length);
            chunks.put(chunk);
        }
    }

    void close() throws InterruptedException {
        if (!readerDone) {
            chunks.put(END);
        }
    }

    /** The reader's next read throws, with this as its cause. */
    void fail(Throwable cause) {
        if (!readerDone) {
            chunks.clear();
            chunks.offer(cause); // just cleared, and only this thread adds, so there is room
        }
    }

    /** Called by the reader when it stops reading, for whatever reason; frees a writer blocked on a full pipe. */
    void readerDone() {
        readerDone = true;
        chunks.clear();
    }

    InputStream input() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int position;
            private boolean ended;

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
                while (position == current.length) {
                    if (ended) {
                        return -1;
                    }
                    Object next = take();
                    if (next == END) {
                        ended = true;
                        return -1;
                    }
                    if (next instanceof Throwable failure) {
                        ended = true;
                        throw new IOException("the download stopped: " + failure.getMessage(), failure);
                    }
                    current = (byte[]) next;
                    position = 0;
                }
                int n = Math.min(length, current.length - position);
                System.arraycopy(current, position, buffer, offset, n);
                position += n;
                return n;
            }

            private Object take() throws InterruptedIOException {
                try {
                    return chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while unpacking");
                }
            }
        };
    }
}
