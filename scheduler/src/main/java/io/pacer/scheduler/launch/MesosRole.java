package io.pacer.scheduler.launch;

import java.util.Optional;

/**
 * The Mesos role Pacer subscribes with (Marathon's {@code --mesos_role}; {@code *}, the default role, when none is
 * given), checked as the master checks role names (src/common/roles.cpp {@code roles::validate}), so that a bad one
 * stops Pacer at its start rather than in an endless round of refused subscriptions.
 */
public record MesosRole(String name) {
    public static final MesosRole DEFAULT = new MesosRole("*");
    /** Tab, newline, vertical tab, form feed, carriage return, space, DEL (roles.cpp INVALID_CHARACTERS). */
    private static final String INVALID_CHARACTERS = "\t\n\u000b\f\r \u007f";

    public MesosRole {
        problem(name).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
    }

    /** What Mesos would say of {@code role}, in its words; empty if it is valid. */
    public static Optional<String> problem(String role) {
        if (role.equals("*")) {
            return Optional.empty();
        }
        if (role.startsWith("/")) {
            return Optional.of("Role '" + role + "' cannot start with a slash");
        }
        if (role.endsWith("/")) {
            return Optional.of("Role '" + role + "' cannot end with a slash");
        }
        if (role.contains("//")) {
            return Optional.of("Role '" + role + "' cannot contain two adjacent slashes");
        }
        if (role.isEmpty()) {
            return Optional.of("Role names cannot be the empty string");
        }
        for (String component : role.split("/")) {
            if (component.equals(".") || component.equals("..") || component.equals("*")) {
                return Optional.of("Role '" + role + "' cannot include '" + component + "' as a component");
            }
            if (component.startsWith("-")) {
                return Optional.of("Role component '" + component + "' is invalid because it starts with a dash");
            }
            if (component.chars().anyMatch(c -> INVALID_CHARACTERS.indexOf(c) >= 0)) {
                return Optional.of("Role component '" + component + "' is invalid because it contains backspace or whitespace");
            }
        }
        return Optional.empty();
    }
}
