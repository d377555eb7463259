package io.pacer.localcluster.resources;

/** An inclusive range of values of a RANGES resource, e.g. ports {@code [31000-32000]}. */
public record PortRange(long begin, long end) implements Comparable<PortRange> {
    public PortRange {
        if (begin > end) {
            throw new IllegalArgumentException("range [" + begin + "-" + end + "] ends before it begins");
        }
    }

    @Override
    public int compareTo(PortRange other) {
        return Long.compare(begin, other.begin);
    }

    @Override
    public String toString() {
        return begin + "-" + end;
    }
}
