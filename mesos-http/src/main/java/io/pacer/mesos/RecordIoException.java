package io.pacer.mesos;

import java.io.IOException;

/** A RecordIO stream that does not follow the framing of Mesos's docs/recordio.md. */
public final class RecordIoException extends IOException {
    public RecordIoException(String message) {
        super(message);
    }
}
