package io.pacer.scheduler;

/** A state Pacer must not act on (docs/ha.md, the framework id); the message says why and what to do. */
public final class RefusedStateException extends RuntimeException {
    RefusedStateException(String message) {
        super(message);
    }
}
