package io.pacer.mesos;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Streaming RecordIO decoder (docs/recordio.md in apache/mesos). Bytes arrive in chunks that have nothing to do
 * with record boundaries; each complete record is handed to the sink as soon as its last byte arrives.
 * Matches 3rdparty/stout/include/stout/recordio.hpp: an empty or non-numeric length is an error, a zero length
 * is an empty record. Not thread-safe: one decoder per stream.
 */
public final class RecordIoDecoder {
    /** The decimal length of a record up to this limit has at most this many digits; longer is malformed. */
    private static final int MAX_LENGTH_DIGITS = 19;

    private final int maxRecordBytes;
    private final StringBuilder lengthDigits = new StringBuilder(MAX_LENGTH_DIGITS);
    private byte[] record;
    private int recordFilled;

    public RecordIoDecoder(int maxRecordBytes) {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, was " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
    }

    public void decode(ByteBuffer chunk, Consumer<byte[]> sink) throws RecordIoException {
        while (chunk.hasRemaining()) {
            if (record == null) {
                readLength(chunk, sink);
            } else {
                int n = Math.min(chunk.remaining(), record.length - recordFilled);
                chunk.get(record, recordFilled, n);
                recordFilled += n;
                if (recordFilled == record.length) {
                    emit(sink);
                }
            }
        }
    }

    /** True when no record is partially read: a stream that ends here ended cleanly. */
    public boolean isAtRecordBoundary() {
        return record == null && lengthDigits.length() == 0;
    }

    private void readLength(ByteBuffer chunk, Consumer<byte[]> sink) throws RecordIoException {
        byte b = chunk.get();
        if (b == '\n') {
            startRecord(sink);
        } else if (b >= '0' && b <= '9' && lengthDigits.length() < MAX_LENGTH_DIGITS) {
            lengthDigits.append((char) b);
        } else {
            String seen = lengthDigits + printable(b);
            throw new RecordIoException("malformed RecordIO record length '" + seen + "': expected decimal digits then a line feed");
        }
    }

    private void startRecord(Consumer<byte[]> sink) throws RecordIoException {
        if (lengthDigits.length() == 0) {
            throw new RecordIoException("malformed RecordIO record length '': expected decimal digits before the line feed");
        }
        long length = Long.parseLong(lengthDigits.toString());
        lengthDigits.setLength(0);
        if (length > maxRecordBytes) {
            throw new RecordIoException("RecordIO record of " + length + " bytes exceeds the limit of " + maxRecordBytes + " bytes");
        }
        record = new byte[(int) length];
        recordFilled = 0;
        if (length == 0) {
            emit(sink);
        }
    }

    private void emit(Consumer<byte[]> sink) {
        byte[] complete = record;
        record = null;
        sink.accept(complete);
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
    }
}
