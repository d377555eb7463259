package io.pacer.scheduler.launch;

import io.pacer.scheduler.app.Constraint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Offer;

/**
 * Marathon's placement constraints (docs/docs/constraints.md in mesosphere/marathon) against one offer, given where
 * the app's other tasks are. A field is {@code hostname} or the name of an agent attribute.
 */
public final class ConstraintChecker {
    private ConstraintChecker() {
    }

    /**
     * @param placedValues for each task of the app already placed (or being placed), the values of the fields the
     *                     constraints name, e.g. {@code {"hostname": "agent-1", "rack": "r1"}}
     */
    public static boolean allows(List<Constraint> constraints, Offer offer, List<Map<String, String>> placedValues) {
        return constraints.stream().allMatch(c -> allows(c, offer, placedValues));
    }

    /** The values of the constraints' fields on this offer's agent, to remember for later placements. */
    public static Map<String, String> valuesOf(List<Constraint> constraints, Offer offer) {
        Map<String, String> values = new HashMap<>();
        constraints.forEach(c -> fieldValue(offer, c.field()).ifPresent(v -> values.put(c.field(), v)));
        return values;
    }

    private static boolean allows(Constraint c, Offer offer, List<Map<String, String>> placed) {
        Optional<String> value = fieldValue(offer, c.field());
        long sameValue = placed.stream().filter(p -> value.isPresent() && value.get().equals(p.get(c.field()))).count();
        return switch (c.operator()) {
            case UNIQUE -> value.isPresent() && sameValue == 0;
            case CLUSTER, IS -> value.isPresent() && c.value().map(value.get()::equals).orElse(true);
            case LIKE -> value.isPresent() && Pattern.compile(c.value().orElseThrow()).matcher(value.get()).matches();
            case UNLIKE -> value.isEmpty() || !Pattern.compile(c.value().orElseThrow()).matcher(value.get()).matches();
            case MAX_PER -> value.isPresent() && sameValue < Long.parseLong(c.value().orElseThrow());
            case GROUP_BY -> value.isPresent() && spreads(c, sameValue, placed);
        };
    }

    /**
     * GROUP_BY spreads evenly: while fewer distinct values than the expected group count (the constraint's value)
     * are used, only an unused value is taken; after that a value may take another task while it has no more
     * than the least used one.
     */
    private static boolean spreads(Constraint c, long sameValue, List<Map<String, String>> placed) {
        Map<String, Long> counts = new HashMap<>();
        placed.forEach(p -> {
            String v = p.get(c.field());
            if (v != null) {
                counts.merge(v, 1L, Long::sum);
            }
        });
        int groups = c.value().map(Integer::parseInt).orElse(0);
        if (counts.size() < groups) {
            return sameValue == 0;
        }
        return sameValue <= counts.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }

    private static Optional<String> fieldValue(Offer offer, String field) {
        if (field.equals("hostname")) {
            return Optional.of(offer.getHostname());
        }
        for (Attribute a : offer.getAttributesList()) {
            if (a.getName().equals(field)) {
                return switch (a.getType()) {
                    case TEXT -> Optional.of(a.getText().getValue());
                    case SCALAR -> Optional.of(formatScalar(a.getScalar().getValue()));
                    default -> Optional.empty();
                };
            }
        }
        return Optional.empty();
    }

    private static String formatScalar(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
