package io.pacer.scheduler.app;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an app's {@code readinessChecks} with Marathon's defaults and rules (types/readinessCheck.raml;
 * api/v2/validation/AppValidation.scala readinessCheckValidator and complyWithReadinessCheckRules): at most one
 * check; {@code portName} must name one of the app's ports (its portDefinitions, or its Docker portMappings with
 * BRIDGE networking); {@code timeoutSeconds} at least 1 and less than {@code intervalSeconds};
 * {@code httpStatusCodesForReady} at least one code of 100..999, no code twice.
 */
final class ReadinessCheckReader {
    private ReadinessCheckReader() {
    }

    /** @param portNames the names of the ports the app's tasks get, in order */
    static List<ReadinessCheckSpec> read(JsonObjectReader app, Set<String> portNames) {
        List<ReadinessCheckSpec> checks = app.objects("readinessChecks", check -> readOne(check, portNames));
        if (checks.size() > 1) {
            app.violations().add("/readinessChecks", "an app can have at most one readiness check (as in Marathon)");
        }
        return checks;
    }

    private static ReadinessCheckSpec readOne(JsonObjectReader check, Set<String> portNames) {
        Violations v = check.violations();
        String name = check.string("name").orElse(ReadinessCheckSpec.DEFAULT_NAME);
        if (name.isEmpty()) {
            v.add(check.path("name"), "must not be empty");
        }
        ReadinessCheckSpec.Protocol protocol = check.string("protocol").flatMap(p -> protocol(p, check))
                .orElse(ReadinessCheckSpec.Protocol.HTTP);
        String path = check.string("path").orElse(ReadinessCheckSpec.DEFAULT_PATH);
        if (!path.startsWith("/") || path.length() > 1024) {
            v.add(check.path("path"), "must start with '/' and be at most 1024 characters");
        }
        String portName = check.string("portName").orElse(ReadinessCheckSpec.DEFAULT_PORT_NAME);
        if (!portNames.contains(portName)) {
            // Marathon's words (AppValidation.readinessCheckValidator), with what the app has
            v.add(check.path("portName"), "No port definition reference for portName " + portName
                    + (portNames.isEmpty() ? ": the app names none of its ports" : "; the app's port names are " + portNames));
        }
        Optional<Integer> interval = check.integer("intervalSeconds", 0, Integer.MAX_VALUE);
        Optional<Integer> timeout = check.integer("timeoutSeconds", 1, Integer.MAX_VALUE);
        int intervalSeconds = interval.orElse(ReadinessCheckSpec.DEFAULT_INTERVAL_SECONDS);
        int timeoutSeconds = timeout.orElse(ReadinessCheckSpec.DEFAULT_TIMEOUT_SECONDS);
        boolean bothUsable = (interval.isPresent() || !check.has("intervalSeconds")) && (timeout.isPresent() || !check.has("timeoutSeconds"));
        if (bothUsable && timeoutSeconds >= intervalSeconds) {
            v.add(check.path("timeoutSeconds"), "must be less than intervalSeconds (" + intervalSeconds + "), was " + timeoutSeconds);
        }
        List<Integer> codes = check.has("httpStatusCodesForReady") ? statusCodes(check)
                : ReadinessCheckSpec.DEFAULT_HTTP_STATUS_CODES_FOR_READY;
        return new ReadinessCheckSpec(name, protocol, path, portName, intervalSeconds, timeoutSeconds, codes,
                check.bool("preserveLastResponse").orElse(false));
    }

    private static Optional<ReadinessCheckSpec.Protocol> protocol(String text, JsonObjectReader check) {
        for (ReadinessCheckSpec.Protocol p : ReadinessCheckSpec.Protocol.values()) {
            if (p.name().equals(text)) {
                return Optional.of(p);
            }
        }
        check.violations().add(check.path("protocol"), "'" + text + "' is not one of [HTTP, HTTPS]");
        return Optional.empty();
    }

    private static List<Integer> statusCodes(JsonObjectReader check) {
        String path = check.path("httpStatusCodesForReady");
        Set<Integer> codes = new LinkedHashSet<>();
        var elements = check.elements("httpStatusCodesForReady");
        elements.forEach((i, n) -> {
            if (!n.isIntegralNumber() || n.asInt() < 100 || n.asInt() > 999) {
                check.violations().add(path + "(" + i + ")", "must be an HTTP status code from 100 to 999");
            } else if (!codes.add(n.asInt())) {
                check.violations().add(path + "(" + i + ")", "is " + n.asInt() + " a second time: give each code once");
            }
        });
        if (elements.isEmpty() && check.violations().byPath().get(path) == null) {
            check.violations().add(path, "must list at least one status code");
        }
        return new ArrayList<>(codes);
    }
}
