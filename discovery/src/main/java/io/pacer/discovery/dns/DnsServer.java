package io.pacer.discovery.dns;

import io.pacer.discovery.view.EndpointView;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.DClass;

/**
 * An authoritative DNS server for Pacer's domain over UDP and TCP (RFC 1035 4.2; dnsjava parses and writes the
 * messages): A and SRV records of the current view ({@link DnsZone}), NXDOMAIN with the zone's SOA for a name it does
 * not have, REFUSED for names outside the domain. UDP answers too long for 512 bytes (or the client's EDNS size) are
 * truncated with TC set, so the client asks again over TCP.
 */
public final class DnsServer implements Consumer<EndpointView>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "discovery-dns");
        t.setDaemon(true);
        return t;
    });
    private final SOARecord soa;
    private volatile DnsZone zone;

    public DnsServer(String host, int port, String domain, long ttl) throws IOException {
        Name origin;
        try {
            origin = Name.fromString(domain.endsWith(".") ? domain : domain + ".").canonicalize();
        } catch (TextParseException e) {
            throw new IllegalArgumentException("--dns-domain: not a domain name: " + domain, e);
        }
        this.zone = DnsZone.empty(origin, ttl);
        this.soa = new SOARecord(origin, DClass.IN, ttl, Name.fromConstantString("ns." + origin), Name.fromConstantString("hostmaster." + origin),
                1, 60, 30, 86400, ttl);
        InetAddress address = InetAddress.getByName(host);
        // port 0: any port free for both UDP and TCP, so a few tries
        DatagramSocket boundUdp = null;
        ServerSocket boundTcp = null;
        for (int attempt = 0; boundTcp == null; attempt++) {
            boundUdp = new DatagramSocket(new InetSocketAddress(address, port));
            try {
                boundTcp = new ServerSocket();
                boundTcp.setReuseAddress(true);
                boundTcp.bind(new InetSocketAddress(address, boundUdp.getLocalPort()));
            } catch (IOException e) {
                boundUdp.close();
                boundTcp.close();
                boundTcp = null;
                if (port != 0 || attempt == 10) {
                    throw new IOException("DNS cannot listen on TCP " + host + ":" + boundUdp.getLocalPort() + ": " + e.getMessage(), e);
                }
            }
        }
        this.udp = boundUdp;
        this.tcp = boundTcp;
        threads.execute(this::serveUdp);
        threads.execute(this::serveTcp);
        LOG.info("DNS for {} listening on {}:{} (UDP and TCP)", origin, host, port());
    }

    public int port() {
        return udp.getLocalPort();
    }

    @Override
    public void accept(EndpointView view) {
        zone = DnsZone.of(view, zone.origin(), zone.ttl());
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                int max = query.getOPT() != null ? Math.max(512, query.getOPT().getPayloadSize()) : 512;
                byte[] answer = answer(query).toWire(max);
                udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (!udp.isClosed()) {
                    LOG.debug("Dropped a UDP query: {}", e.toString());
                }
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket client = tcp.accept();
                threads.execute(() -> serveTcp(client));
            } catch (IOException e) {
                if (!tcp.isClosed()) {
                    LOG.warn("DNS TCP accept failed: {}", e.toString());
                }
            }
        }
    }

    /** Length-prefixed messages, one answer each, until the client closes (RFC 1035 4.2.2). */
    private void serveTcp(Socket client) {
        try (client; DataInputStream in = new DataInputStream(client.getInputStream());
             DataOutputStream out = new DataOutputStream(client.getOutputStream())) {
            client.setSoTimeout(10_000);
            while (true) {
                int length = in.readUnsignedShort();
                byte[] bytes = in.readNBytes(length);
                byte[] answer = answer(new Message(bytes)).toWire();
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // the client closed, or sent something that is not DNS: the connection ends either way
        }
    }

    Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        DnsZone current = zone;
        Name name = question.getName();
        if (!name.subdomain(current.origin())) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return response;
        }
        response.getHeader().setFlag(Flags.AA);
        if (!current.has(name)) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            response.addRecord(soa, Section.AUTHORITY);
            return response;
        }
        for (Record r : current.lookup(name)) {
            if (question.getType() == Type.ANY || r.getType() == question.getType()) {
                response.addRecord(r, Section.ANSWER);
                if (r instanceof org.xbill.DNS.SRVRecord srv) {
                    current.lookup(srv.getTarget()).stream().filter(a -> !response.findRecord(a, Section.ADDITIONAL))
                            .forEach(a -> response.addRecord(a, Section.ADDITIONAL));
                }
            }
        }
        if (response.getSection(Section.ANSWER).isEmpty()) {
            response.addRecord(soa, Section.AUTHORITY); // the name exists, without records of that type
        }
        return response;
    }

    @Override
    public void close() {
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
