package io.pacer.scheduler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A command line of {@code --flag value} and {@code --flag=value} pairs, read once each; the rest is an error. */
final class Flags {
    /** Unchecked so that flag readers can be lambdas; {@link PacerConfig#parse} turns it into a usage error. */
    static final class Bad extends RuntimeException {
        Bad(String message) {
            super(message);
        }
    }

    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();
    private final Set<String> read = new HashSet<>();

    Flags(List<String> args) throws PacerConfig.UsageException {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new PacerConfig.UsageException("unexpected argument '" + arg + "' (see --help)");
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                names.add(arg.substring(0, eq));
                values.add(arg.substring(eq + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                names.add(arg);
                values.add(args.get(++i));
            } else {
                names.add(arg);
                values.add(null);
            }
        }
    }

    Optional<String> value(String name) throws PacerConfig.UsageException {
        read.add(name);
        int at = names.lastIndexOf(name);
        if (at < 0) {
            return Optional.empty();
        }
        if (values.get(at) == null || values.get(at).isBlank()) {
            throw new PacerConfig.UsageException(name + " needs a value (see --help)");
        }
        return Optional.of(values.get(at));
    }

    /** A flag without a value, such as {@code --discovery}: whether it was given. */
    boolean switchedOn(String name) throws PacerConfig.UsageException {
        read.add(name);
        int at = names.lastIndexOf(name);
        if (at >= 0 && values.get(at) != null) {
            throw new PacerConfig.UsageException(name + " takes no value, got '" + values.get(at) + "' (see --help)");
        }
        return at >= 0;
    }

    /** Every flag named {@code prefix...}, as {@code --...} without the prefix, with its value: read now. */
    List<String> withPrefix(String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).startsWith(prefix)) {
                read.add(names.get(i));
                out.add("--" + names.get(i).substring(prefix.length()));
                if (values.get(i) != null) {
                    out.add(values.get(i));
                }
            }
        }
        return out;
    }

    boolean given(String name) {
        return names.contains(name);
    }

    void refuseRest() throws PacerConfig.UsageException {
        for (String name : names) {
            if (!read.contains(name)) {
                throw new PacerConfig.UsageException("unknown option '" + name + "' (see --help)");
            }
        }
    }
}
