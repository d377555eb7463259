package io.pacer.scheduler.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * What is left of one offer's unreserved resources while tasks are placed on it; each placement takes from it and
 * returns what remains, so one offer can carry many launches.
 */
public record OfferResources(double cpus, double mem, double disk, List<PortRange> ports) {
    public OfferResources {
        ports = List.copyOf(ports);
    }

    /** The offer's unreserved scalar resources and port ranges (Pacer does not use reservations). */
    public static OfferResources of(Offer offer) {
        double cpus = 0;
        double mem = 0;
        double disk = 0;
        List<PortRange> ports = new ArrayList<>();
        for (Resource r : offer.getResourcesList()) {
            if (r.getReservationsCount() > 0 || r.hasReservation() || (r.hasRole() && !r.getRole().equals("*"))) {
                continue;
            }
            switch (r.getName()) {
                case "cpus" -> cpus += r.getScalar().getValue();
                case "mem" -> mem += r.getScalar().getValue();
                case "disk" -> disk += r.getScalar().getValue();
                case "ports" -> r.getRanges().getRangeList().forEach(range -> ports.add(new PortRange(range.getBegin(), range.getEnd())));
                default -> { }
            }
        }
        return new OfferResources(cpus, mem, disk, ports);
    }

    /** Takes {@code cpus, mem, disk} and the ports asked for (0 = any free port), or empty if they are not here. */
    public Optional<Taken> take(double wantCpus, double wantMem, double wantDisk, List<Integer> wantPorts) {
        // a little slack for the floating-point sums of fractional cpus
        if (wantCpus > cpus + 1e-9 || wantMem > mem + 1e-9 || wantDisk > disk + 1e-9) {
            return Optional.empty();
        }
        List<PortRange> free = new ArrayList<>(ports);
        List<Integer> chosen = new ArrayList<>();
        for (int want : wantPorts.stream().filter(p -> p != 0).toList()) {
            if (!remove(free, want)) {
                return Optional.empty();
            }
        }
        for (int want : wantPorts) {
            if (want != 0) {
                chosen.add(want);
                continue;
            }
            if (free.isEmpty()) {
                return Optional.empty();
            }
            int port = (int) free.get(0).begin();
            remove(free, port);
            chosen.add(port);
        }
        return Optional.of(new Taken(List.copyOf(chosen),
                new OfferResources(cpus - wantCpus, mem - wantMem, disk - wantDisk, free)));
    }

    /** The ports a placement got, and what the offer has left. */
    public record Taken(List<Integer> ports, OfferResources remaining) {
    }

    private static boolean remove(List<PortRange> free, long port) {
        for (int i = 0; i < free.size(); i++) {
            PortRange r = free.get(i);
            if (r.contains(port)) {
                free.remove(i);
                if (port < r.end()) {
                    free.add(i, new PortRange(port + 1, r.end()));
                }
                if (port > r.begin()) {
                    free.add(i, new PortRange(r.begin(), port - 1));
                }
                return true;
            }
        }
        return false;
    }

    /** Mesos's ports resource for the given ports, one range per port. */
    public static Resource portsResource(List<Integer> ports) {
        Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
        ports.forEach(p -> ranges.addRange(Value.Range.newBuilder().setBegin(p).setEnd(p)));
        return Resource.newBuilder().setName("ports").setType(Value.Type.RANGES).setRanges(ranges).build();
    }

    public static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }
}
