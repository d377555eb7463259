package io.pacer.localcluster.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A call refused with an HTTP status and Mesos's plain-text reason, e.g. 400 "Framework cannot be found". */
public final class HttpError extends Exception {
    private final HttpResponseStatus status;

    public HttpError(HttpResponseStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static HttpError badRequest(String message) {
        return new HttpError(HttpResponseStatus.BAD_REQUEST, message);
    }

    public static HttpError forbidden(String message) {
        return new HttpError(HttpResponseStatus.FORBIDDEN, message);
    }

    public HttpResponseStatus status() {
        return status;
    }
}
