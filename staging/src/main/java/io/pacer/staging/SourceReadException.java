package io.pacer.staging;

import java.io.IOException;

/** Reading an artifact's body from its source failed, as opposed to writing it locally. */
final class SourceReadException extends IOException {

    private final FailureCause failureCause;

    SourceReadException(FailureCause failureCause, String message, Throwable cause) {
        super(message, cause);
        this.failureCause = failureCause;
    }

    FailureCause failureCause() {
        return failureCause;
    }
}
