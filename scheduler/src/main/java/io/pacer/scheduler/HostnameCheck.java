package io.pacer.scheduler;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Whether agents can reach Pacer by its {@code --hostname}: every agent fetches the executor from
 * {@code http://HOSTNAME:PORT/v2/artifacts/...}, so a name that does not resolve, or resolves elsewhere, fails every
 * launch with a fetcher error far from its cause. Checked once at start-up, here, where the cause is known.
 */
final class HostnameCheck {
    private HostnameCheck() {
    }

    /**
     * What is wrong with {@code hostname} for agents reached through {@code master} (empty: the embedded cluster,
     * on this machine), in words that say what to do; empty when nothing is.
     */
    static Optional<String> problem(String hostname, Optional<URI> master) {
        List<InetAddress> addresses;
        try {
            addresses = Arrays.asList(InetAddress.getAllByName(hostname));
        } catch (UnknownHostException e) {
            return Optional.of("--hostname '" + hostname + "' does not resolve on this machine; agents that cannot resolve it "
                    + "either fail every launch when they fetch the executor. Pass --hostname with a name or address agents reach Pacer by");
        }
        List<InetAddress> own = addresses.stream().filter(HostnameCheck::isOfThisMachine).toList();
        if (own.isEmpty()) {
            return Optional.of("--hostname '" + hostname + "' resolves to " + addresses + ", none of them an address of this "
                    + "machine; agents would fetch the executor from another host. Pass --hostname with a name or address of this machine");
        }
        boolean agentsElsewhere = master.map(m -> !isLoopback(m.getHost())).orElse(false);
        if (agentsElsewhere && own.stream().allMatch(InetAddress::isLoopbackAddress)) {
            return Optional.of("--hostname '" + hostname + "' resolves only to loopback (" + own + "), which agents on other machines "
                    + "cannot reach Pacer by (a Debian /etc/hosts maps the machine's name to 127.0.1.1). Pass --hostname with "
                    + "a name or address agents reach Pacer by");
        }
        return Optional.empty();
    }

    private static boolean isOfThisMachine(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return host != null && Arrays.stream(InetAddress.getAllByName(host)).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
