package io.pacer.executor.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the JSON task spec of docs/task-spec.md into a {@link TaskSpec}. Unknown fields are errors, so that a
 * typo in the scheduler is caught at the first launch instead of being silently ignored.
 */
public final class TaskSpecParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> TOP = Set.of("cmd", "args", "env", "artifacts", "ports", "appId", "appVersion", "logRotation");
    private static final Set<String> ARTIFACT = Set.of("uri", "extract", "executable", "cache", "outputFile", "sha256");
    private static final Set<String> PORT = Set.of("name", "number");
    private static final Set<String> ROTATION = Set.of("maxBytes", "keepFiles");

    public TaskSpec parse(byte[] json) throws InvalidTaskException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidTaskException("TaskInfo.data is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidTaskException("TaskInfo.data cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidTaskException("TaskInfo.data must be a JSON object (docs/task-spec.md)");
        }
        onlyKnownFields(root, TOP, "");
        return new TaskSpec(command(root), env(root.get("env")), artifacts(root.get("artifacts")),
                ports(root.get("ports")), optionalText(root, "appId", ""), optionalText(root, "appVersion", ""),
                logRotation(root.get("logRotation")));
    }

    private static TaskCommand command(JsonNode root) throws InvalidTaskException {
        JsonNode cmd = root.get("cmd");
        JsonNode args = root.get("args");
        if ((cmd == null) == (args == null)) {
            throw new InvalidTaskException("exactly one of cmd and args must be given");
        }
        if (cmd != null) {
            if (!cmd.isTextual() || cmd.asText().isBlank()) {
                throw new InvalidTaskException("cmd must be a non-empty string");
            }
            return new TaskCommand.Shell(cmd.asText());
        }
        if (!args.isArray() || args.isEmpty()) {
            throw new InvalidTaskException("args must be a non-empty array of strings");
        }
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (!args.get(i).isTextual()) {
                throw new InvalidTaskException("args[" + i + "] must be a string");
            }
            argv.add(args.get(i).asText());
        }
        return new TaskCommand.Args(argv);
    }

    private static Map<String, String> env(JsonNode env) throws InvalidTaskException {
        Map<String, String> result = new LinkedHashMap<>();
        if (env == null) {
            return result;
        }
        if (!env.isObject()) {
            throw new InvalidTaskException("env must be an object of names to string values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = env.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                throw new InvalidTaskException("env." + e.getKey() + " is not a valid environment variable name");
            }
            if (!e.getValue().isTextual()) {
                throw new InvalidTaskException("env." + e.getKey() + " must be a string");
            }
            result.put(e.getKey(), e.getValue().asText());
        }
        return result;
    }

    private static List<ArtifactSpec> artifacts(JsonNode artifacts) throws InvalidTaskException {
        List<ArtifactSpec> result = new ArrayList<>();
        if (artifacts == null) {
            return result;
        }
        if (!artifacts.isArray()) {
            throw new InvalidTaskException("artifacts must be an array");
        }
        for (int i = 0; i < artifacts.size(); i++) {
            String path = "artifacts[" + i + "].";
            JsonNode a = artifacts.get(i);
            if (!a.isObject()) {
                throw new InvalidTaskException("artifacts[" + i + "] must be an object");
            }
            onlyKnownFields(a, ARTIFACT, path);
            JsonNode uri = a.get("uri");
            if (uri == null || !uri.isTextual() || uri.asText().isBlank()) {
                throw new InvalidTaskException(path + "uri is required");
            }
            Optional<String> sha256 = optionalText(a, "sha256", path);
            if (sha256.isPresent() && !SHA256.matcher(sha256.get()).matches()) {
                throw new InvalidTaskException(path + "sha256 must be 64 lower-case hex digits");
            }
            Optional<String> outputFile = optionalText(a, "outputFile", path);
            if (outputFile.isPresent() && (outputFile.get().startsWith("/") || outputFile.get().contains(".."))) {
                throw new InvalidTaskException(path + "outputFile must be a relative path inside the sandbox");
            }
            // Defaults as CommandInfo.URI's: extract=true, executable=false, cache=false.
            result.add(new ArtifactSpec(uri.asText(), bool(a, "extract", true, path), bool(a, "executable", false, path),
                    bool(a, "cache", false, path), outputFile, sha256));
        }
        return result;
    }

    private static List<PortSpec> ports(JsonNode ports) throws InvalidTaskException {
        List<PortSpec> result = new ArrayList<>();
        if (ports == null) {
            return result;
        }
        if (!ports.isArray()) {
            throw new InvalidTaskException("ports must be an array");
        }
        for (int i = 0; i < ports.size(); i++) {
            String path = "ports[" + i + "].";
            JsonNode p = ports.get(i);
            if (!p.isObject()) {
                throw new InvalidTaskException("ports[" + i + "] must be an object");
            }
            onlyKnownFields(p, PORT, path);
            Optional<String> name = optionalText(p, "name", path);
            if (name.isPresent() && !ENV_NAME.matcher(name.get()).matches()) {
                throw new InvalidTaskException(path + "name must be letters, digits and _ (it becomes PORT_<NAME>)");
            }
            JsonNode number = p.get("number");
            if (number != null && (!number.canConvertToInt() || !number.isIntegralNumber() || number.asInt() < 0 || number.asInt() > 65535)) {
                throw new InvalidTaskException(path + "number must be a port number from 0 to 65535");
            }
            result.add(new PortSpec(name, number == null || number.asInt() == 0 ? Optional.empty() : Optional.of(number.asInt())));
        }
        return result;
    }

    private static LogRotation logRotation(JsonNode rotation) throws InvalidTaskException {
        if (rotation == null) {
            return LogRotation.DEFAULT;
        }
        if (!rotation.isObject()) {
            throw new InvalidTaskException("logRotation must be an object");
        }
        onlyKnownFields(rotation, ROTATION, "logRotation.");
        JsonNode max = rotation.get("maxBytes");
        JsonNode keep = rotation.get("keepFiles");
        if ((max != null && !max.isIntegralNumber()) || (keep != null && !keep.isIntegralNumber())) {
            throw new InvalidTaskException("logRotation.maxBytes and logRotation.keepFiles must be integers");
        }
        try {
            return new LogRotation(max == null ? LogRotation.DEFAULT.maxBytes() : max.asLong(),
                    keep == null ? LogRotation.DEFAULT.keepFiles() : keep.asInt());
        } catch (IllegalArgumentException e) {
            throw new InvalidTaskException(e.getMessage());
        }
    }

    private static Optional<String> optionalText(JsonNode node, String field, String path) throws InvalidTaskException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidTaskException(path + field + " must be a string");
        }
        return Optional.of(value.asText());
    }

    private static boolean bool(JsonNode node, String field, boolean fallback, String path) throws InvalidTaskException {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new InvalidTaskException(path + field + " must be true or false");
        }
        return value.asBoolean();
    }

    private static void onlyKnownFields(JsonNode node, Set<String> known, String path) throws InvalidTaskException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new InvalidTaskException("unknown field " + path + name + " (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }
}
