package io.pacer.discovery.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.discovery.view.AppEndpoints;
import io.pacer.discovery.view.Endpoint;
import io.pacer.discovery.view.EndpointView;
import io.pacer.discovery.view.ServicePort;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The real server on a loopback port, asked by dnsjava's resolver over UDP and TCP. */
class DnsServerTest {
    private DnsServer server;
    private SimpleResolver resolver;

    @BeforeEach
    void start() throws Exception {
        server = new DnsServer("127.0.0.1", 0, "pacer", 1);
        resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(server.port());
        server.accept(view(new Endpoint("shop_web.1", "127.0.0.1", List.of(31000, 31001)),
                new Endpoint("shop_web.2", "127.0.0.2", List.of(31002, 31003))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anAppsNameGivesItsAgentsAddresses() throws Exception {
        Message answer = ask("web.shop.pacer.", Type.A);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).extracting(r -> ((ARecord) r).getAddress().getHostAddress())
                .containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2");
        assertThat(answer.getSection(Section.ANSWER)).allMatch(r -> r.getTTL() == 1);
    }

    @Test
    void srvRecordsNameEveryPortOrTheNamedOneWithTheTasksAddressesAlongside() throws Exception {
        Message named = ask("_http._tcp.web.shop.pacer.", Type.SRV);
        Message all = ask("_web.shop._tcp.pacer.", Type.SRV);

        assertThat(named.getSection(Section.ANSWER)).extracting(r -> ((SRVRecord) r).getPort()).containsExactlyInAnyOrder(31000, 31002);
        assertThat(all.getSection(Section.ANSWER)).extracting(r -> ((SRVRecord) r).getPort())
                .containsExactlyInAnyOrder(31000, 31001, 31002, 31003);
        SRVRecord first = (SRVRecord) named.getSection(Section.ANSWER).stream().filter(r -> ((SRVRecord) r).getPort() == 31000)
                .findFirst().orElseThrow();
        assertThat(first.getTarget()).isEqualTo(Name.fromString("shop_web-1.web.shop.pacer.".replace('_', '-')));
        assertThat(named.getSection(Section.ADDITIONAL)).extracting(Record::getName).contains(first.getTarget());
    }

    @Test
    void anUnknownNameIsNxdomainAndANameOutsideTheDomainRefused() throws Exception {
        assertThat(ask("nothing.pacer.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ask("example.org.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
        Message aaaa = ask("web.shop.pacer.", Type.AAAA);
        assertThat(aaaa.getRcode()).as("the name exists, with no AAAA").isEqualTo(Rcode.NOERROR);
        assertThat(aaaa.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void tcpAnswersTooAndANewViewReplacesTheRecords() throws Exception {
        resolver.setTCP(true);
        assertThat(ask("web.shop.pacer.", Type.A).getSection(Section.ANSWER)).hasSize(2);

        server.accept(view(new Endpoint("shop_web.2", "127.0.0.2", List.of(31002, 31003))));

        assertThat(ask("_http._tcp.web.shop.pacer.", Type.SRV).getSection(Section.ANSWER)).extracting(r -> ((SRVRecord) r).getPort())
                .containsExactly(31002);
    }

    private Message ask(String name, int type) throws Exception {
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    private static EndpointView view(Endpoint... endpoints) {
        AppEndpoints web = new AppEndpoints("/shop/web", List.of(new ServicePort(10000, Optional.of("http"), "tcp"),
                new ServicePort(10001, Optional.of("admin"), "tcp")), Map.of(), List.of(endpoints));
        return new EndpointView(new TreeMap<>(Map.of(web.appId(), web)), Instant.now(), Optional.empty());
    }
}
