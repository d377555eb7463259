package io.pacer.executor.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON document into plain Java values: objects as {@code Map<String, Object>} (in order), arrays as
 * {@code List<Object>}, strings, booleans, {@code Long}/{@code Double} numbers and {@code null}. Written on
 * jackson-core's streaming parser so that the executor does not load Jackson's data binding (hundreds of
 * classes; shared/reference/jvm-footprint.md) for one small document per task.
 */
final class JsonValues {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonValues() {
    }

    /** @throws InvalidTaskException naming what is wrong with the text */
    static Object parse(byte[] document) throws InvalidTaskException {
        try (JsonParser parser = JSON.createParser(document)) {
            if (parser.nextToken() == null) {
                throw new InvalidTaskException("TaskInfo.data is empty");
            }
            Object value = read(parser);
            if (parser.nextToken() != null) {
                throw new InvalidTaskException("TaskInfo.data has more than one JSON value");
            }
            return value;
        } catch (JsonParseException e) {
            throw new InvalidTaskException("TaskInfo.data is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidTaskException("TaskInfo.data cannot be read: " + e.getMessage(), e);
        }
    }

    private static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, read(parser));
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object) parser.getDoubleValue() : (Object) parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return parser.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new JsonParseException(parser, "unexpected " + token);
        }
    }
}
