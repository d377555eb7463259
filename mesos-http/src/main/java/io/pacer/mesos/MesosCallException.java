package io.pacer.mesos;

import java.io.IOException;

/** Mesos answered a call with a status other than the one expected; the body is Mesos's reason, e.g. "Framework cannot be found". */
public final class MesosCallException extends IOException {
    private final int status;
    private final String body;

    public MesosCallException(String endpoint, int status, String body) {
        super("Mesos answered " + status + " from " + endpoint + (body.isBlank() ? "" : ": " + body.strip()));
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }
}
