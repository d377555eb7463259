package io.pacer.localcluster.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UninitializedMessageException;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a v1 call and picks the encoding of an event stream the way Mesos's master and agent do
 * (src/master/http.cpp {@code Master::Http::scheduler}, src/slave/http.cpp {@code Http::executor}): POST only, a
 * Content-Type compared as an exact string, protobuf or JSON bodies, and for SUBSCRIBE the Accept header
 * preferring JSON when it allows both.
 */
public final class CallDecoder {
    private CallDecoder() {
    }

    @SuppressWarnings("unchecked")
    public static <C extends Message> C decode(HttpExchange exchange, C prototype, String callName) throws HttpError {
        if (!exchange.method().equals(HttpMethod.POST)) {
            throw new HttpError(HttpResponseStatus.METHOD_NOT_ALLOWED, "Expecting one of { 'POST' }, but received '" + exchange.method() + "'");
        }
        String contentType = exchange.header("Content-Type").orElseThrow(() -> HttpError.badRequest("Expecting 'Content-Type' to be present"));
        MediaType type = Arrays.stream(MediaType.values()).filter(t -> t.value().equals(contentType)).findFirst()
                .orElseThrow(() -> new HttpError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                        "Expecting 'Content-Type' of " + MediaType.JSON.value() + " or " + MediaType.PROTOBUF.value()));
        Message.Builder builder = prototype.newBuilderForType();
        try {
            type.decode(exchange.body(), builder);
            return (C) builder.build();
        } catch (InvalidProtocolBufferException | UninitializedMessageException e) {
            throw HttpError.badRequest(type == MediaType.PROTOBUF
                    ? "Failed to parse body into " + callName + " protobuf"
                    : "Failed to convert JSON into " + callName + " protobuf: " + e.getMessage());
        }
    }

    /** The event encoding a SUBSCRIBE asked for: JSON first when acceptable, an absent Accept accepting both. */
    public static MediaType eventEncoding(HttpExchange exchange) throws HttpError {
        List<String> accepted = exchange.header("Accept").map(a -> Arrays.stream(a.split(","))
                .map(part -> part.split(";")[0].strip()).toList()).orElse(List.of("*/*"));
        for (MediaType type : List.of(MediaType.JSON, MediaType.PROTOBUF)) {
            if (accepted.contains(type.value()) || accepted.contains("*/*") || accepted.contains("application/*")) {
                return type;
            }
        }
        throw new HttpError(HttpResponseStatus.NOT_ACCEPTABLE, "Expecting 'Accept' to allow '" + MediaType.PROTOBUF.value()
                + "' or '" + MediaType.JSON.value() + "'");
    }
}
