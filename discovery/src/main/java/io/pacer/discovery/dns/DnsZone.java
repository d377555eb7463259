package io.pacer.discovery.dns;

import io.pacer.discovery.view.AppEndpoints;
import io.pacer.discovery.view.Endpoint;
import io.pacer.discovery.view.EndpointView;
import io.pacer.discovery.view.ServicePort;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;

/**
 * The records of one view, named as Mesos-DNS names Marathon's tasks (docs/naming.md of mesos-dns), with the app id
 * read backwards as Marathon's task names are ({@code /shop/web} → {@code web.shop}) and Pacer's domain in place of
 * {@code marathon.mesos}:
 * <ul>
 *   <li>{@code web.shop.pacer.} A: the agents of the app's healthy, running tasks;</li>
 *   <li>{@code _web.shop._tcp.pacer.} SRV: every task's every TCP port (Mesos-DNS's {@code _task._tcp.framework.domain});</li>
 *   <li>{@code _http._tcp.web.shop.pacer.} SRV: the port named {@code http} of every task (and {@code _udp} for UDP);</li>
 *   <li>{@code <task>.web.shop.pacer.} A: one task's agent, the target of the SRV records (a label made of the task id).</li>
 * </ul>
 */
final class DnsZone {
    private final Name origin;
    private final long ttl;
    private final Map<Name, List<Record>> records;

    private DnsZone(Name origin, long ttl, Map<Name, List<Record>> records) {
        this.origin = origin;
        this.ttl = ttl;
        this.records = records;
    }

    static DnsZone empty(Name origin, long ttl) {
        return new DnsZone(origin, ttl, Map.of());
    }

    Name origin() {
        return origin;
    }

    long ttl() {
        return ttl;
    }

    /** The records of a name; an empty list for a name the zone does not have. */
    List<Record> lookup(Name name) {
        return records.getOrDefault(name.canonicalize(), List.of());
    }

    boolean has(Name name) {
        return records.containsKey(name.canonicalize());
    }

    static DnsZone of(EndpointView view, Name origin, long ttl) {
        Map<Name, List<Record>> records = new HashMap<>();
        for (AppEndpoints app : view.apps().values()) {
            List<String> labels = new ArrayList<>(app.segments());
            java.util.Collections.reverse(labels);
            String appName = String.join(".", labels);
            Name appA = name(appName, origin);
            Set<String> agents = new LinkedHashSet<>();
            records.put(appA, new ArrayList<>());
            for (Endpoint e : app.endpoints()) {
                InetAddress ip = ip(e.host());
                if (agents.add(ip.getHostAddress())) {
                    records.get(appA).add(new ARecord(appA, DClass.IN, ttl, ip));
                }
                Name target = name(taskLabel(e.taskId()) + "." + appName, origin);
                records.computeIfAbsent(target, n -> new ArrayList<>()).add(new ARecord(target, DClass.IN, ttl, ip));
                for (int i = 0; i < app.servicePorts().size() && i < e.ports().size(); i++) {
                    ServicePort port = app.servicePorts().get(i);
                    String protocol = port.protocol().contains("udp") ? "_udp" : "_tcp";
                    if (protocol.equals("_tcp")) {
                        add(records, srv(name("_" + appName + "._tcp", origin), ttl, e.ports().get(i), target));
                    }
                    if (port.name().isPresent()) {
                        add(records, srv(name("_" + port.name().get() + "." + protocol + "." + appName, origin), ttl, e.ports().get(i), target));
                    }
                }
            }
        }
        return new DnsZone(origin, ttl, Map.copyOf(records));
    }

    private static void add(Map<Name, List<Record>> records, Record r) {
        records.computeIfAbsent(r.getName(), n -> new ArrayList<>()).add(r);
    }

    private static SRVRecord srv(Name name, long ttl, int port, Name target) {
        return new SRVRecord(name, DClass.IN, ttl, 0, 1, port, target);
    }

    /** A DNS label from a task id: lower case letters, digits and '-', at most 63 characters. */
    static String taskLabel(String taskId) {
        String label = taskId.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return label.length() > 63 ? label.substring(label.length() - 63) : label;
    }

    private static Name name(String relative, Name origin) {
        try {
            return Name.fromString(relative.toLowerCase(java.util.Locale.ROOT), origin).canonicalize();
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + relative, e);
        }
    }

    private static InetAddress ip(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the agent host " + host, e);
        }
    }
}
