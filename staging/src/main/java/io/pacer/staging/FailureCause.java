package io.pacer.staging;

import java.util.Locale;

/** Why staging failed, for metrics and for deciding whether another attempt can help. */
public enum FailureCause {
    /** A 4xx answer: the request is wrong and asking again will not change it. */
    HTTP_CLIENT_ERROR(false),
    /** A 5xx answer. */
    HTTP_SERVER_ERROR(true),
    TOO_MANY_REDIRECTS(false),
    /** Refused, unreachable, unknown host, TLS handshake failure. */
    CONNECTION_FAILED(true),
    /** No connection or no bytes within the configured time. */
    TIMEOUT(true),
    /** The connection ended before the whole body arrived. */
    CONNECTION_LOST(true),
    FILE_NOT_FOUND(false),
    CHECKSUM_MISMATCH(false),
    /** An archive entry that would land or point outside the target, or a device file or FIFO. */
    UNSAFE_ARCHIVE(false),
    /** Too many entries, too many bytes or a compression ratio beyond the limits. */
    ARCHIVE_LIMIT_EXCEEDED(false),
    CORRUPT_ARCHIVE(false),
    /** Reading or writing local files failed: disk full, permissions. */
    LOCAL_IO(false),
    INTERRUPTED(false);

    private final boolean retryable;

    FailureCause(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean isRetryable() {
        return retryable;
    }

    /** The value of the {@code cause} tag on the failure counter. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
