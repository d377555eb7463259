package io.pacer.scheduler.launch;

/** An inclusive range of host ports, as Mesos's Value.Range. */
public record PortRange(long begin, long end) {
    public PortRange {
        if (begin > end) {
            throw new IllegalArgumentException("empty port range " + begin + "-" + end);
        }
    }

    boolean contains(long port) {
        return port >= begin && port <= end;
    }
}
