package io.pacer.staging;

/** Staging an artifact failed; the message names the URI and says what went wrong in plain words. */
public final class StagingException extends Exception {

    private final FailureCause failureCause;

    public StagingException(FailureCause failureCause, String message) {
        this(failureCause, message, null);
    }

    public StagingException(FailureCause failureCause, String message, Throwable cause) {
        super(message, cause);
        this.failureCause = failureCause;
    }

    public FailureCause failureCause() {
        return failureCause;
    }
}
