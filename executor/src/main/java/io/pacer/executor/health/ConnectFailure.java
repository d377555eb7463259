package io.pacer.executor.health;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;

/** Words for why a check's connection failed, short enough for a status message. */
final class ConnectFailure {
    private ConnectFailure() {
    }

    static String describe(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return "connect timed out";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
