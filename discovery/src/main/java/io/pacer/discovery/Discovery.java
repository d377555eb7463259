package io.pacer.discovery;

import io.pacer.discovery.dns.DnsServer;
import io.pacer.discovery.file.EndpointsFileOutput;
import io.pacer.discovery.haproxy.HaproxyOutput;
import io.pacer.discovery.view.EndpointView;
import io.pacer.discovery.view.EndpointWatcher;
import io.pacer.discovery.view.PacerApi;
import io.pacer.discovery.zk.ZooKeeperOutput;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One running discovery: the endpoint watcher and the outputs the config asks for. The same in pacer-discovery.jar
 * and inside pacer.jar ({@code --discovery}); closing stops the watcher, the DNS server, HAProxy and the ZooKeeper
 * session.
 */
public final class Discovery implements AutoCloseable {
    /** Answers change within a second of the view; resolvers may keep them that long. */
    private static final long DNS_TTL_SECONDS = 1;

    private final EndpointWatcher watcher;
    private final List<AutoCloseable> closeables;
    private final Optional<DnsServer> dns;

    private Discovery(EndpointWatcher watcher, List<AutoCloseable> closeables, Optional<DnsServer> dns) {
        this.watcher = watcher;
        this.closeables = closeables;
        this.dns = dns;
    }

    public static Discovery start(DiscoveryConfig config) throws IOException {
        EndpointWatcher watcher = new EndpointWatcher(new PacerApi(config.pacer(), config.pacerAuthorization(), config.pacerTrust()), Clock.systemUTC());
        List<AutoCloseable> closeables = new ArrayList<>();
        closeables.add(watcher);
        Optional<DnsServer> dns = Optional.empty();
        try {
            if (config.outputs().contains(DiscoveryConfig.Output.HAPROXY)) {
                HaproxyOutput haproxy = new HaproxyOutput(config.haproxyBinary(), config.workDir().resolve("haproxy"), config.haproxyBind());
                closeables.add(haproxy);
                watcher.addOutput(haproxy);
            }
            if (config.outputs().contains(DiscoveryConfig.Output.DNS)) {
                dns = Optional.of(new DnsServer(config.dnsHost(), config.dnsPort(), config.dnsDomain(), DNS_TTL_SECONDS));
                closeables.add(dns.get());
                watcher.addOutput(dns.get());
            }
            if (config.outputs().contains(DiscoveryConfig.Output.FILE)) {
                watcher.addOutput(new EndpointsFileOutput(config.endpointsDir(), config.endpointsPerApp()));
            }
            if (config.outputs().contains(DiscoveryConfig.Output.ZK)) {
                ZooKeeperOutput zk = new ZooKeeperOutput(config.zk().orElseThrow(), Clock.systemUTC());
                closeables.add(zk);
                watcher.addOutput(zk);
            }
        } catch (IOException | RuntimeException e) {
            new Discovery(watcher, closeables, dns).close();
            throw e;
        }
        watcher.start();
        return new Discovery(watcher, closeables, dns);
    }

    public EndpointView view() {
        return watcher.current();
    }

    /** The DNS server's port (the one it got, when --dns-port 0 asked for any). */
    public Optional<Integer> dnsPort() {
        return dns.map(DnsServer::port);
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // closing the rest anyway
            }
        }
    }
}
