package io.pacer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostnameCheckTest {
    private static final Optional<URI> REMOTE_MASTER = Optional.of(URI.create("http://203.0.113.10:5050"));

    @Test
    void aNameThatDoesNotResolveIsSaidWithWhatToDo() {
        assertThat(HostnameCheck.problem("no-such-host.invalid", Optional.empty()))
                .hasValueSatisfying(p -> assertThat(p).startsWith("--hostname 'no-such-host.invalid' does not resolve on this machine")
                        .endsWith("Pass --hostname with a name or address agents reach Pacer by"));
    }

    @Test
    void anAddressOfAnotherMachineIsSaid() throws Exception {
        // 203.0.113.0/24 is TEST-NET-3 (RFC 5737), documentation only
        assertThat(NetworkInterface.getByInetAddress(InetAddress.getByName("203.0.113.77"))).as("not this machine's").isNull();

        assertThat(HostnameCheck.problem("203.0.113.77", Optional.empty()))
                .hasValueSatisfying(p -> assertThat(p).contains("resolves to [/203.0.113.77], none of them an address of this machine"));
    }

    @Test
    void loopbackServesTheEmbeddedClusterAndALocalMasterButNotAgentsElsewhere() {
        assertThat(HostnameCheck.problem("localhost", Optional.empty())).isEmpty();
        assertThat(HostnameCheck.problem("127.0.0.1", Optional.of(URI.create("http://127.0.0.1:5050")))).isEmpty();
        assertThat(HostnameCheck.problem("127.0.0.1", REMOTE_MASTER))
                .hasValueSatisfying(p -> assertThat(p).contains("resolves only to loopback"));
    }

    @Test
    void anAddressOfThisMachineThatIsNotLoopbackServesAnyMaster() throws Exception {
        Optional<InetAddress> own = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        assertThat(own).as("this machine has an address besides loopback").isPresent();

        assertThat(HostnameCheck.problem(own.get().getHostAddress(), REMOTE_MASTER)).isEmpty();
    }
}
