package io.pacer.localcluster.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses an agent's {@code --resources} flag in Mesos's text form, e.g.
 * {@code cpus:4;mem:8192;disk:20000;ports:[31000-32000]} (docs/attributes-resources.md). Roles in parentheses
 * (reservations) are not supported: every resource is unreserved.
 */
public final class ResourceSpec {
    private static final Pattern ITEM = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*:\\s*(.+?)\\s*");
    private static final Pattern RANGE = Pattern.compile("\\s*(\\d+)\\s*-\\s*(\\d+)\\s*");

    private ResourceSpec() {
    }

    public static Resources parse(String text) {
        Resources total = Resources.EMPTY;
        for (String item : text.split(";")) {
            if (item.isBlank()) {
                continue;
            }
            Matcher m = ITEM.matcher(item);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad resource '" + item.strip() + "': expected name:value, e.g. cpus:4 or ports:[31000-32000]");
            }
            String name = m.group(1);
            String value = m.group(2);
            total = total.plus(value.startsWith("[") ? Resources.ranges(name, parseRanges(name, value)) : parseScalar(name, value));
        }
        return total;
    }

    private static Resources parseScalar(String name, String value) {
        try {
            double v = Double.parseDouble(value);
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return Resources.scalar(name, v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad value '" + value + "' for resource '" + name + "': expected a non-negative number");
        }
    }

    static List<PortRange> parseRanges(String name, String value) {
        if (!value.endsWith("]")) {
            throw new IllegalArgumentException("bad ranges '" + value + "' for resource '" + name + "': expected e.g. [31000-32000]");
        }
        List<PortRange> out = new ArrayList<>();
        for (String part : value.substring(1, value.length() - 1).split(",")) {
            Matcher m = RANGE.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad range '" + part.strip() + "' for resource '" + name + "': expected begin-end");
            }
            out.add(new PortRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        }
        return out;
    }
}
