package io.pacer.executor.spec;

/** A TaskInfo the executor cannot run; the message names the field and what is wrong with it. */
public final class InvalidTaskException extends Exception {
    public InvalidTaskException(String message) {
        super(message);
    }

    public InvalidTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
