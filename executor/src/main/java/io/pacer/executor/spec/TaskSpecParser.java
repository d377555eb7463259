package io.pacer.executor.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the JSON task spec of docs/task-spec.md into a {@link TaskSpec}. Unknown fields are errors, so that a
 * typo in the scheduler is caught at the first launch instead of being silently ignored.
 */
public final class TaskSpecParser {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> TOP = Set.of("cmd", "args", "env", "artifacts", "ports", "appId", "appVersion", "logRotation",
            "readinessChecks", EndpointSecretField.NAME);
    private static final Set<String> ARTIFACT = Set.of("uri", "extract", "executable", "cache", "outputFile", "sha256");
    private static final Set<String> PORT = Set.of("name", "number");
    private static final Set<String> ROTATION = Set.of("maxBytes", "keepFiles");

    public TaskSpec parse(byte[] json) throws InvalidTaskException {
        Map<String, Object> root = object(JsonValues.parse(json), "TaskInfo.data", "a JSON object (docs/task-spec.md)");
        onlyKnownFields(root, TOP, ""); // the endpoint secret is EndpointSecretField's, kept out of every TaskSpec
        return new TaskSpec(command(root), env(root.get("env")), artifacts(root.get("artifacts")),
                ports(root.get("ports")), optionalText(root, "appId", ""), optionalText(root, "appVersion", ""),
                logRotation(root.get("logRotation")), ReadinessChecksParser.parse(root.get("readinessChecks")));
    }

    /** Empty when neither is given: a container then runs its image's own command. */
    private static Optional<TaskCommand> command(Map<String, Object> root) throws InvalidTaskException {
        Object cmd = root.get("cmd");
        Object args = root.get("args");
        if (cmd != null && args != null) {
            throw new InvalidTaskException("cmd and args exclude each other: give one of them");
        }
        if (cmd == null && args == null) {
            return Optional.empty();
        }
        if (cmd != null) {
            if (!(cmd instanceof String line) || line.isBlank()) {
                throw new InvalidTaskException("cmd must be a non-empty string");
            }
            return Optional.of(new TaskCommand.Shell(line));
        }
        if (!(args instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidTaskException("args must be a non-empty array of strings");
        }
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String arg)) {
                throw new InvalidTaskException("args[" + i + "] must be a string");
            }
            argv.add(arg);
        }
        return Optional.of(new TaskCommand.Args(argv));
    }

    private static Map<String, String> env(Object env) throws InvalidTaskException {
        Map<String, String> result = new LinkedHashMap<>();
        if (env == null) {
            return result;
        }
        for (Map.Entry<String, Object> e : object(env, "env", "an object of names to string values").entrySet()) {
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                throw new InvalidTaskException("env." + e.getKey() + " is not a valid environment variable name");
            }
            if (!(e.getValue() instanceof String value)) {
                throw new InvalidTaskException("env." + e.getKey() + " must be a string");
            }
            result.put(e.getKey(), value);
        }
        return result;
    }

    private static List<ArtifactSpec> artifacts(Object artifacts) throws InvalidTaskException {
        List<ArtifactSpec> result = new ArrayList<>();
        List<?> list = array(artifacts, "artifacts");
        for (int i = 0; i < list.size(); i++) {
            String path = "artifacts[" + i + "].";
            Map<String, Object> a = object(list.get(i), "artifacts[" + i + "]", "an object");
            onlyKnownFields(a, ARTIFACT, path);
            if (!(a.get("uri") instanceof String uri) || uri.isBlank()) {
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
            result.add(new ArtifactSpec(uri, bool(a, "extract", true, path), bool(a, "executable", false, path),
                    bool(a, "cache", false, path), outputFile, sha256));
        }
        return result;
    }

    private static List<PortSpec> ports(Object ports) throws InvalidTaskException {
        List<PortSpec> result = new ArrayList<>();
        List<?> list = array(ports, "ports");
        for (int i = 0; i < list.size(); i++) {
            String path = "ports[" + i + "].";
            Map<String, Object> p = object(list.get(i), "ports[" + i + "]", "an object");
            onlyKnownFields(p, PORT, path);
            Optional<String> name = optionalText(p, "name", path);
            // any name Marathon allows ("http-api"): PORT_<NAME> is made of it as Marathon does (TaskEnvironment)
            if (name.isPresent() && name.get().isBlank()) {
                throw new InvalidTaskException(path + "name must not be empty");
            }
            Object number = p.get("number");
            if (number != null && (!(number instanceof Long n) || n < 0 || n > 65535)) {
                throw new InvalidTaskException(path + "number must be a port number from 0 to 65535");
            }
            result.add(new PortSpec(name, number == null || (Long) number == 0 ? Optional.empty() : Optional.of(((Long) number).intValue())));
        }
        return result;
    }

    private static LogRotation logRotation(Object rotation) throws InvalidTaskException {
        if (rotation == null) {
            return LogRotation.DEFAULT;
        }
        Map<String, Object> r = object(rotation, "logRotation", "an object");
        onlyKnownFields(r, ROTATION, "logRotation.");
        Object max = r.get("maxBytes");
        Object keep = r.get("keepFiles");
        if ((max != null && !(max instanceof Long)) || (keep != null && !(keep instanceof Long))) {
            throw new InvalidTaskException("logRotation.maxBytes and logRotation.keepFiles must be integers");
        }
        try {
            return new LogRotation(max == null ? LogRotation.DEFAULT.maxBytes() : (Long) max,
                    keep == null ? LogRotation.DEFAULT.keepFiles() : Math.toIntExact((Long) keep));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new InvalidTaskException(e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String path, String expected) throws InvalidTaskException {
        if (!(value instanceof Map)) {
            throw new InvalidTaskException(path + " must be " + expected);
        }
        return (Map<String, Object>) value;
    }

    static List<?> array(Object value, String path) throws InvalidTaskException {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidTaskException(path + " must be an array");
        }
        return list;
    }

    static Optional<String> optionalText(Map<String, Object> node, String field, String path) throws InvalidTaskException {
        Object value = node.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw new InvalidTaskException(path + field + " must be a string");
        }
        return Optional.of(text);
    }

    static boolean bool(Map<String, Object> node, String field, boolean fallback, String path) throws InvalidTaskException {
        Object value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw new InvalidTaskException(path + field + " must be true or false");
        }
        return b;
    }

    static void onlyKnownFields(Map<String, Object> node, Set<String> known, String path) throws InvalidTaskException {
        for (String name : node.keySet()) {
            if (!known.contains(name)) {
                throw new InvalidTaskException("unknown field " + path + name + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }
}
