package io.pacer.mesos;

import java.nio.charset.StandardCharsets;

/** Frames one record as Mesos's RecordIO does: the decimal length, a line feed, then the bytes (no trailing newline). */
public final class RecordIoEncoder {
    private RecordIoEncoder() {
    }

    public static byte[] encode(byte[] record) {
        byte[] header = (record.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] framed = new byte[header.length + record.length];
        System.arraycopy(header, 0, framed, 0, header.length);
        System.arraycopy(record, 0, framed, header.length, record.length);
        return framed;
    }
}
