package io.pacer.executor.spec;

import io.pacer.executor.health.HealthCheckSpec;
import io.pacer.executor.readiness.ReadinessCheckSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spec's {@code readinessChecks} (docs/task-spec.md): Marathon's readiness check fields with the port already
 * resolved to the task's host port by the scheduler. Checked again here, as every spec field is, so that a wrong
 * spec fails the launch with the field's name.
 */
final class ReadinessChecksParser {
    private static final Set<String> FIELDS = Set.of("name", "protocol", "path", "port", "intervalSeconds", "timeoutSeconds",
            "httpStatusCodesForReady", "preserveLastResponse");

    private ReadinessChecksParser() {
    }

    static List<ReadinessCheckSpec> parse(Object checks) throws InvalidTaskException {
        List<ReadinessCheckSpec> result = new ArrayList<>();
        List<?> list = TaskSpecParser.array(checks, "readinessChecks");
        for (int i = 0; i < list.size(); i++) {
            String path = "readinessChecks[" + i + "].";
            Map<String, Object> c = TaskSpecParser.object(list.get(i), "readinessChecks[" + i + "]", "an object");
            TaskSpecParser.onlyKnownFields(c, FIELDS, path);
            String name = TaskSpecParser.optionalText(c, "name", path).filter(n -> !n.isEmpty())
                    .orElseThrow(() -> new InvalidTaskException(path + "name is required"));
            String protocol = TaskSpecParser.optionalText(c, "protocol", path).orElse("HTTP");
            if (!protocol.equals("HTTP") && !protocol.equals("HTTPS")) {
                throw new InvalidTaskException(path + "protocol must be HTTP or HTTPS, was " + protocol);
            }
            String urlPath = TaskSpecParser.optionalText(c, "path", path).orElse("/");
            if (!urlPath.startsWith("/")) {
                throw new InvalidTaskException(path + "path must start with '/', was " + urlPath);
            }
            int port = (int) number(c, "port", 1, 65535, path);
            long interval = number(c, "intervalSeconds", 0, Integer.MAX_VALUE, path);
            long timeout = number(c, "timeoutSeconds", 1, Integer.MAX_VALUE, path);
            boolean preserve = TaskSpecParser.bool(c, "preserveLastResponse", false, path);
            HealthCheckSpec.Http probe = new HealthCheckSpec.Http(protocol.equals("HTTPS"), TaskInfoReader.LOOPBACK, port,
                    urlPath, statusCodes(c.get("httpStatusCodesForReady"), path),
                    preserve ? ReadinessCheckSpec.LAST_RESPONSE_BODY_BYTES : 0);
            result.add(new ReadinessCheckSpec(name, probe, Duration.ofSeconds(interval), Duration.ofSeconds(timeout), preserve));
        }
        return result;
    }

    private static Set<Integer> statusCodes(Object codes, String path) throws InvalidTaskException {
        Set<Integer> result = new LinkedHashSet<>();
        for (Object code : TaskSpecParser.array(codes, path + "httpStatusCodesForReady")) {
            if (!(code instanceof Long n) || n < 100 || n > 999) {
                throw new InvalidTaskException(path + "httpStatusCodesForReady must hold HTTP status codes, had " + code);
            }
            result.add(n.intValue());
        }
        if (result.isEmpty()) {
            throw new InvalidTaskException(path + "httpStatusCodesForReady must list at least one status code");
        }
        return result;
    }

    private static long number(Map<String, Object> node, String field, long min, long max, String path) throws InvalidTaskException {
        if (!(node.get(field) instanceof Long n) || n < min || n > max) {
            throw new InvalidTaskException(path + field + " must be a whole number from " + min + " to " + max + ", was " + node.get(field));
        }
        return n;
    }
}
