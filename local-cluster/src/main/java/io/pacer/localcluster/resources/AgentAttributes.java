package io.pacer.localcluster.resources;

import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Value;

/**
 * The embedded agents' attributes, each in the text form of Mesos's agent flag {@code --attributes}
 * ({@code rack:r1;zone:a}: a value in brackets is RANGES, a number is SCALAR, anything else TEXT; sets are not
 * attributes; src/common/attributes.cpp). One spec applies to every agent; several, separated by {@code |}, give
 * agent i the i-th spec, so that constraints on attributes can be tried on one machine.
 */
public record AgentAttributes(List<List<Attribute>> perAgent) {
    public static final AgentAttributes NONE = new AgentAttributes(List.of());

    public AgentAttributes {
        perAgent = perAgent.stream().map(List::copyOf).toList();
    }

    public static AgentAttributes parse(String text) {
        List<List<Attribute>> specs = new ArrayList<>();
        for (String spec : text.split("\\|", -1)) {
            specs.add(parseOne(spec));
        }
        return new AgentAttributes(specs);
    }

    /** Refuses specs that do not fit this many agents. */
    public void requireFits(int agents) {
        if (perAgent.size() > 1 && perAgent.size() != agents) {
            throw new IllegalArgumentException(perAgent.size() + " attribute specs for " + agents
                    + " agents: give one spec for every agent, or one per agent separated by |");
        }
    }

    /** The attributes of the agent at this index. */
    public List<Attribute> of(int agent) {
        return perAgent.isEmpty() ? List.of() : perAgent.get(perAgent.size() == 1 ? 0 : agent);
    }

    private static List<Attribute> parseOne(String spec) {
        List<Attribute> attributes = new ArrayList<>();
        for (String item : spec.split("[;\n]")) {
            if (item.isBlank()) {
                continue;
            }
            int colon = item.indexOf(':');
            String name = colon < 0 ? "" : item.substring(0, colon).strip();
            String value = colon < 0 ? "" : item.substring(colon + 1).strip();
            if (name.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException("bad attribute '" + item.strip() + "': expected name:value, e.g. rack:r1");
            }
            attributes.add(attribute(name, value));
        }
        return attributes;
    }

    private static Attribute attribute(String name, String value) {
        Attribute.Builder a = Attribute.newBuilder().setName(name);
        if (value.startsWith("{")) {
            throw new IllegalArgumentException("bad attribute '" + name + "': a set is not an attribute value (Mesos takes text, a number or ranges)");
        }
        if (value.startsWith("[")) {
            Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
            ResourceSpec.parseRanges(name, value).forEach(r -> ranges.addRange(Value.Range.newBuilder().setBegin(r.begin()).setEnd(r.end())));
            return a.setType(Value.Type.RANGES).setRanges(ranges).build();
        }
        try {
            return a.setType(Value.Type.SCALAR).setScalar(Value.Scalar.newBuilder().setValue(Double.parseDouble(value))).build();
        } catch (NumberFormatException e) {
            return a.setType(Value.Type.TEXT).setText(Value.Text.newBuilder().setValue(value)).build();
        }
    }
}
