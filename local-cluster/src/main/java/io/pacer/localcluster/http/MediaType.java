package io.pacer.localcluster.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;

/**
 * The two encodings Mesos's v1 APIs speak (src/common/http.hpp APPLICATION_PROTOBUF, APPLICATION_JSON). JSON uses
 * the proto field names (snake_case) and ignores unknown fields, as Mesos does (stout's protobuf.hpp); 64-bit
 * integers are written as strings, which JSON parsers of protobuf read either way.
 */
public enum MediaType {
    PROTOBUF("application/x-protobuf"),
    JSON("application/json");

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final String value;

    MediaType(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public byte[] encode(Message message) {
        if (this == PROTOBUF) {
            return message.toByteArray();
        }
        try {
            return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot write " + message.getDescriptorForType().getFullName() + " as JSON", e);
        }
    }

    /** Fills {@code builder} from {@code body}; the exception's message says what is wrong with it. */
    void decode(byte[] body, Message.Builder builder) throws InvalidProtocolBufferException {
        if (this == PROTOBUF) {
            builder.mergeFrom(body);
        } else {
            PARSER.merge(new String(body, StandardCharsets.UTF_8), builder);
        }
    }
}
