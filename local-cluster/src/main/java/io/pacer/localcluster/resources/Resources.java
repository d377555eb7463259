package io.pacer.localcluster.resources;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * Unreserved resources of one agent, as an immutable value: scalars (cpus, mem, disk, ...) and ranges (ports).
 * Scalars are kept in thousandths, as Mesos keeps them in fixed point with three decimals
 * (src/common/values.cpp), so that sums and comparisons are exact.
 */
public record Resources(Map<String, Long> scalarMillis, Map<String, List<PortRange>> ranges) {
    public static final Resources EMPTY = new Resources(Map.of(), Map.of());

    public Resources {
        TreeMap<String, Long> s = new TreeMap<>();
        scalarMillis.forEach((name, v) -> {
            if (v != 0) {
                s.put(name, v);
            }
        });
        TreeMap<String, List<PortRange>> r = new TreeMap<>();
        ranges.forEach((name, list) -> {
            List<PortRange> merged = merge(list);
            if (!merged.isEmpty()) {
                r.put(name, merged);
            }
        });
        scalarMillis = Collections.unmodifiableMap(s);
        ranges = Collections.unmodifiableMap(r);
    }

    public static Resources scalar(String name, double value) {
        return new Resources(Map.of(name, toMillis(value)), Map.of());
    }

    public static Resources ranges(String name, List<PortRange> values) {
        return new Resources(Map.of(), Map.of(name, values));
    }

    /** Reads resources as a scheduler sends them; roles, reservations and allocation info are not looked at. */
    public static Resources fromProtos(List<Resource> protos) {
        Resources total = EMPTY;
        for (Resource r : protos) {
            if (r.getType() == Value.Type.SCALAR) {
                total = total.plus(scalar(r.getName(), r.getScalar().getValue()));
            } else if (r.getType() == Value.Type.RANGES) {
                List<PortRange> list = r.getRanges().getRangeList().stream()
                        .map(range -> new PortRange(range.getBegin(), range.getEnd())).toList();
                total = total.plus(ranges(r.getName(), list));
            } else {
                throw new IllegalArgumentException("resource '" + r.getName() + "' of type " + r.getType()
                        + " is not supported by the local cluster (SCALAR and RANGES are)");
            }
        }
        return total;
    }

    /** As Mesos offers unreserved resources to a role; {@code allocationRole} set only for MULTI_ROLE frameworks. */
    public List<Resource> toProtos(String allocationRole) {
        List<Resource> out = new ArrayList<>();
        scalarMillis.forEach((name, millis) -> out.add(base(name, allocationRole)
                .setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(millis / 1000.0))
                .build()));
        ranges.forEach((name, list) -> {
            Value.Ranges.Builder rs = Value.Ranges.newBuilder();
            list.forEach(r -> rs.addRange(Value.Range.newBuilder().setBegin(r.begin()).setEnd(r.end())));
            out.add(base(name, allocationRole).setType(Value.Type.RANGES).setRanges(rs).build());
        });
        return out;
    }

    private static Resource.Builder base(String name, String allocationRole) {
        Resource.Builder b = Resource.newBuilder().setName(name);
        if (allocationRole != null) {
            b.setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(allocationRole));
        }
        return b;
    }

    public double scalar(String name) {
        return scalarMillis.getOrDefault(name, 0L) / 1000.0;
    }

    public boolean isEmpty() {
        return scalarMillis.isEmpty() && ranges.isEmpty();
    }

    public Resources plus(Resources other) {
        Map<String, Long> s = new TreeMap<>(scalarMillis);
        other.scalarMillis.forEach((name, v) -> s.merge(name, v, Long::sum));
        Map<String, List<PortRange>> r = new TreeMap<>();
        ranges.forEach((name, list) -> r.put(name, new ArrayList<>(list)));
        other.ranges.forEach((name, list) -> r.computeIfAbsent(name, n -> new ArrayList<>()).addAll(list));
        return new Resources(s, r);
    }

    /** Removes {@code other}, which must be contained in this. */
    public Resources minus(Resources other) {
        if (!contains(other)) {
            throw new IllegalArgumentException(other + " is not contained in " + this);
        }
        Map<String, Long> s = new TreeMap<>(scalarMillis);
        other.scalarMillis.forEach((name, v) -> s.merge(name, -v, Long::sum));
        Map<String, List<PortRange>> r = new TreeMap<>(ranges);
        other.ranges.forEach((name, list) -> r.put(name, subtract(ranges.get(name), list)));
        return new Resources(s, r);
    }

    public boolean contains(Resources other) {
        for (Map.Entry<String, Long> e : other.scalarMillis.entrySet()) {
            if (scalarMillis.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return false;
            }
        }
        for (Map.Entry<String, List<PortRange>> e : other.ranges.entrySet()) {
            List<PortRange> mine = ranges.getOrDefault(e.getKey(), List.of());
            for (PortRange wanted : e.getValue()) {
                if (mine.stream().noneMatch(have -> have.begin() <= wanted.begin() && wanted.end() <= have.end())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** As Mesos writes resources in its messages, e.g. {@code cpus:0.5; mem:64; ports:[31000-31001]}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        scalarMillis.forEach((name, v) -> parts.add(name + ":" + formatScalar(v)));
        ranges.forEach((name, list) -> parts.add(name + ":[" + String.join(", ", list.stream().map(PortRange::toString).toList()) + "]"));
        return String.join("; ", parts);
    }

    static long toMillis(double value) {
        return Math.round(value * 1000);
    }

    private static String formatScalar(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
    }

    private static List<PortRange> merge(List<PortRange> list) {
        List<PortRange> sorted = new ArrayList<>(list);
        Collections.sort(sorted);
        List<PortRange> out = new ArrayList<>();
        for (PortRange r : sorted) {
            if (!out.isEmpty() && out.get(out.size() - 1).end() + 1 >= r.begin()) {
                PortRange last = out.remove(out.size() - 1);
                out.add(new PortRange(last.begin(), Math.max(last.end(), r.end())));
            } else {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    private static List<PortRange> subtract(List<PortRange> from, List<PortRange> removed) {
        List<PortRange> out = new ArrayList<>(from);
        for (PortRange cut : removed) {
            List<PortRange> next = new ArrayList<>();
            for (PortRange r : out) {
                if (cut.end() < r.begin() || cut.begin() > r.end()) {
                    next.add(r);
                    continue;
                }
                if (r.begin() < cut.begin()) {
                    next.add(new PortRange(r.begin(), cut.begin() - 1));
                }
                if (cut.end() < r.end()) {
                    next.add(new PortRange(cut.end() + 1, r.end()));
                }
            }
            out = next;
        }
        return out;
    }
}
