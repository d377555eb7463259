package io.pacer.scheduler.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every problem found in one request, by the path of the offending field in Marathon's notation
 * ({@code /healthChecks(0)/portIndex}), so that a user sees all of them at once.
 */
public final class Violations {
    private final Map<String, List<String>> byPath = new LinkedHashMap<>();

    public void add(String path, String error) {
        byPath.computeIfAbsent(path.isEmpty() ? "/" : path, p -> new ArrayList<>()).add(error);
    }

    public boolean isEmpty() {
        return byPath.isEmpty();
    }

    public Map<String, List<String>> byPath() {
        return Collections.unmodifiableMap(byPath);
    }

    /** Thrown when a request has violations; carries them to the API's 422 answer. */
    public static final class InvalidException extends RuntimeException {
        private final Violations violations;

        public InvalidException(Violations violations) {
            super("Object is not valid: " + violations.byPath());
            this.violations = violations;
        }

        public Violations violations() {
            return violations;
        }
    }

    public void throwIfAny() {
        if (!isEmpty()) {
            throw new InvalidException(this);
        }
    }
}
