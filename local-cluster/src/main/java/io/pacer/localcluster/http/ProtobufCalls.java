package io.pacer.localcluster.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Reads a v1 call body the way Mesos's master and agent do (src/master/http.cpp {@code Master::Http::scheduler},
 * src/slave/http.cpp {@code Http::executor}): POST only, a Content-Type compared as an exact string, protobuf
 * parsed strictly. JSON bodies, which Mesos also reads, are refused here with a 415 that says so.
 */
public final class ProtobufCalls {
    public static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";

    private ProtobufCalls() {
    }

    public static <C extends Message> C parse(HttpExchange exchange, Parser<C> parser, String callName) throws HttpError {
        if (!exchange.method().equals(HttpMethod.POST)) {
            throw new HttpError(HttpResponseStatus.METHOD_NOT_ALLOWED, "Expecting one of { 'POST' }, but received '" + exchange.method() + "'");
        }
        String contentType = exchange.header("Content-Type").orElseThrow(() -> HttpError.badRequest("Expecting 'Content-Type' to be present"));
        if (contentType.equals(JSON)) {
            throw new HttpError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Expecting 'Content-Type' of " + PROTOBUF + ": the local cluster does not read JSON calls");
        }
        if (!contentType.equals(PROTOBUF)) {
            throw new HttpError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "Expecting 'Content-Type' of " + JSON + " or " + PROTOBUF);
        }
        try {
            return parser.parseFrom(exchange.body());
        } catch (InvalidProtocolBufferException e) {
            throw HttpError.badRequest("Failed to parse body into " + callName + " protobuf");
        }
    }

    /**
     * The event encoding for a SUBSCRIBE answer. Mesos prefers JSON when the Accept header allows it; the local
     * cluster only writes protobuf, so it answers protobuf whenever that is acceptable and 406 otherwise.
     */
    public static void requireProtobufAccepted(HttpExchange exchange) throws HttpError {
        String accept = exchange.header("Accept").orElse("*/*");
        for (String part : accept.split(",")) {
            String type = part.split(";")[0].strip();
            if (type.equals(PROTOBUF) || type.equals("*/*") || type.equals("application/*") || type.isEmpty()) {
                return;
            }
        }
        throw new HttpError(HttpResponseStatus.NOT_ACCEPTABLE, "Expecting 'Accept' to allow '" + PROTOBUF + "'");
    }
}
