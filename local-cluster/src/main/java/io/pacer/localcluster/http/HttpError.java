package io.pacer.localcluster.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/** A call refused with an HTTP status and Mesos's plain-text reason, e.g. 400 "Framework cannot be found". */
public final class HttpError extends Exception {
    /** libprocess's http::Unauthorized body. */
    private static final String UNAUTHORIZED = "401 Unauthorized.";

    private final HttpResponseStatus status;
    private final Map<String, String> headers;

    public HttpError(HttpResponseStatus status, String message) {
        this(status, message, Map.of());
    }

    private HttpError(HttpResponseStatus status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    /** 401 with the authentication {@code challenge} (the WWW-Authenticate header), as libprocess's authenticators answer. */
    public static HttpError unauthorized(String challenge) {
        return new HttpError(HttpResponseStatus.UNAUTHORIZED, UNAUTHORIZED, Map.of("WWW-Authenticate", challenge));
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

    public Map<String, String> headers() {
        return headers;
    }
}
