package io.pacer.scheduler.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the fields of one JSON object, recording every problem in {@link Violations} under the field's path
 * instead of stopping at the first, and remembering which fields were read so that the rest can be refused.
 * Public for the other readers of Marathon JSON (groups).
 */
public final class JsonObjectReader {
    private final JsonNode node;
    private final String path;
    private final Violations violations;
    private final Set<String> known = new HashSet<>();

    public JsonObjectReader(JsonNode node, String path, Violations violations) {
        this.node = node;
        this.path = path;
        this.violations = violations;
    }

    /** This object's own path, {@code ""} for the body itself. */
    public String path() {
        return path;
    }

    public String path(String field) {
        return path + "/" + field;
    }

    public Violations violations() {
        return violations;
    }

    public boolean has(String field) {
        known.add(field);
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /** Fields Marathon shows in its answers but a request cannot set: accepted and ignored, so a GET can be PUT back. */
    public void ignore(String... fields) {
        known.addAll(List.of(fields));
    }

    public Optional<String> string(String field) {
        return value(field, "a string", JsonNode::isTextual).map(JsonNode::asText);
    }

    public Optional<Boolean> bool(String field) {
        return value(field, "true or false", JsonNode::isBoolean).map(JsonNode::asBoolean);
    }

    public Optional<Double> number(String field, double min, double max) {
        Optional<Double> v = value(field, "a number", JsonNode::isNumber).map(JsonNode::asDouble);
        v.ifPresent(d -> checkRange(field, d, min, max));
        return v.filter(d -> d >= min && d <= max);
    }

    public Optional<Integer> integer(String field, int min, int max) {
        Optional<Integer> v = value(field, "an integer", n -> n.isIntegralNumber() && n.canConvertToInt()).map(JsonNode::asInt);
        v.ifPresent(i -> checkRange(field, i, min, max));
        return v.filter(i -> i >= min && i <= max);
    }

    public List<String> strings(String field) {
        List<String> out = new ArrayList<>();
        elements(field).forEach((index, element) -> {
            if (element.isTextual()) {
                out.add(element.asText());
            } else {
                violations.add(path(field) + "(" + index + ")", "must be a string");
            }
        });
        return out;
    }

    /**
     * An array of ids, each made absolute against {@code base} (Marathon's {@code canonicalPath}) and then validated
     * as an id ({@link AppId#problems}), e.g. dependencies; an id with problems is left out.
     */
    public Set<AppId> ids(String field, AppId base) {
        Set<AppId> out = new java.util.LinkedHashSet<>();
        elements(field).forEach((index, element) -> {
            String elementPath = path(field) + "(" + index + ")";
            if (!element.isTextual()) {
                violations.add(elementPath, "must be a string");
                return;
            }
            AppId id = PathId.parse(element.asText()).canonical(base);
            List<String> problems = id.problems();
            problems.forEach(problem -> violations.add(elementPath, problem));
            if (problems.isEmpty()) {
                out.add(id);
            }
        });
        return out;
    }

    /** A JSON object of string values, e.g. labels. */
    public Map<String, String> stringMap(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        members(field).forEach((name, value) -> {
            if (value.isTextual()) {
                out.put(name, value.asText());
            } else {
                violations.add(path(field) + "/" + name, "must be a string");
            }
        });
        return out;
    }

    /** The raw members of an object field, in order; a non-object is a violation. */
    public Map<String, JsonNode> members(String field) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        value(field, "an object", JsonNode::isObject).ifPresent(object -> object.fields()
                .forEachRemaining(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    public <T> Optional<T> object(String field, Function<JsonObjectReader, T> read) {
        return value(field, "an object", JsonNode::isObject).map(o -> readObject(o, path(field), read));
    }

    public <T> List<T> objects(String field, Function<JsonObjectReader, T> read) {
        List<T> out = new ArrayList<>();
        elements(field).forEach((index, element) -> {
            String elementPath = path(field) + "(" + index + ")";
            if (element.isObject()) {
                T value = readObject(element, elementPath, read);
                if (value != null) {
                    out.add(value);
                }
            } else {
                violations.add(elementPath, "must be an object");
            }
        });
        return out;
    }

    /** The raw elements of an array field, by index; a non-array is a violation. */
    public Map<Integer, JsonNode> elements(String field) {
        Map<Integer, JsonNode> out = new LinkedHashMap<>();
        value(field, "an array", JsonNode::isArray).ifPresent(array -> {
            for (int i = 0; i < array.size(); i++) {
                out.put(i, array.get(i));
            }
        });
        return out;
    }

    public void refuseUnknownFields() {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                violations.add(path(name), "unknown field: Pacer does not support '" + name + "' here");
            }
        }
    }

    private <T> T readObject(JsonNode object, String objectPath, Function<JsonObjectReader, T> read) {
        JsonObjectReader reader = new JsonObjectReader(object, objectPath, violations);
        T value = read.apply(reader);
        reader.refuseUnknownFields();
        return value;
    }

    private Optional<JsonNode> value(String field, String expected, java.util.function.Predicate<JsonNode> ok) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode v = node.get(field);
        if (!ok.test(v)) {
            violations.add(path(field), "must be " + expected);
            return Optional.empty();
        }
        return Optional.of(v);
    }

    private void checkRange(String field, double v, double min, double max) {
        if (v < min) {
            violations.add(path(field), "must be at least " + format(min) + ", was " + format(v));
        } else if (v > max) {
            violations.add(path(field), "must be at most " + format(max) + ", was " + format(v));
        }
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
