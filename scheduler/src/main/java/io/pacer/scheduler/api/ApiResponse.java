package io.pacer.scheduler.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the API answers: a status, a content type, a body and extra headers. The body is bytes, or a slice of a
 * file streamed from disk (artifacts), or an endless stream of server-sent events (/v2/events), or a stream read
 * as it comes (a standby relaying the leader's answer, which may be the leader's event stream).
 */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers, FileSlice file,
                          EventStreamBody events, java.io.InputStream stream) {
    /** {@code length} bytes of {@code file} from {@code offset}. */
    public record FileSlice(java.nio.file.Path file, long offset, long length) {
    }

    /** Server-sent events: {@code first}, then every event of {@code bus} that {@code filter} lets through. */
    public record EventStreamBody(io.pacer.scheduler.events.EventBus bus, java.util.function.Predicate<com.fasterxml.jackson.databind.node.ObjectNode> filter,
                                  com.fasterxml.jackson.databind.node.ObjectNode first) {
    }

    public ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null, null, null);
    }

    public static ApiResponse file(int status, String contentType, FileSlice file, Map<String, String> headers) {
        return new ApiResponse(status, contentType, new byte[0], headers, file, null, null);
    }

    public static ApiResponse events(EventStreamBody events) {
        return new ApiResponse(200, "text/event-stream", new byte[0], Map.of("Cache-Control", "no-cache"), null, events, null);
    }

    /** A body sent chunked as {@code stream} yields it, until its end; the stream is closed after, or when the client goes. */
    public static ApiResponse stream(int status, String contentType, java.io.InputStream stream, Map<String, String> headers) {
        return new ApiResponse(status, contentType, new byte[0], headers, null, null, stream);
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, contentType, body, more, file, events, stream);
    }

    public long contentLength() {
        return file != null ? file.length() : body.length;
    }

    static final ObjectMapper JSON = new ObjectMapper();

    public static ApiResponse json(int status, Object value) {
        return json(status, value, Map.of());
    }

    public static ApiResponse json(int status, Object value, Map<String, String> headers) {
        try {
            return new ApiResponse(status, "application/json", JSON.writeValueAsBytes(value), headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an answer as JSON", e);
        }
    }

    public static ApiResponse text(int status, String text) {
        return new ApiResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
