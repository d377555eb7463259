package io.pacer.discovery.haproxy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Renders haproxy.cfg (for a master-worker HAProxy, {@code -W}): an admin socket that hands its listeners to the next worker on reload
 * ({@code expose-fd listeners}), a frontend per service port and a backend of server slots each. A connection
 * refused by an endpoint that is stopping is tried again on another ({@code retries}, {@code option redispatch 1}),
 * which is safe since the request never reached it. An HTTP backend closes its server connection after each response
 * ({@code option http-server-close}, as marathon-lb does): an idle connection kept for reuse would still lead to a
 * slot's old endpoint after the runtime API gave the slot to another, or after the endpoint left.
 */
final class HaproxyConfig {
    private HaproxyConfig() {
    }

    static String render(Path adminSocket, String bindAddress, List<BackendSpec> backends, Map<String, ServerSlots> slots) {
        StringBuilder cfg = new StringBuilder();
        cfg.append("# written by pacer-discovery: edits are overwritten\n")
                .append("global\n")
                .append("    stats socket ").append(adminSocket).append(" mode 600 level admin expose-fd listeners\n")
                .append("    maxconn 4096\n")
                .append("\ndefaults\n")
                .append("    mode tcp\n")
                .append("    timeout connect 3s\n")
                .append("    timeout client 60s\n")
                .append("    timeout server 60s\n")
                .append("    timeout http-keep-alive 10s\n")
                .append("    retries 3\n")
                .append("    option redispatch 1\n");
        for (BackendSpec b : backends) {
            cfg.append("\nfrontend ").append(b.name()).append('\n')
                    .append("    # ").append(b.appId()).append(" port ").append(b.portIndex()).append('\n')
                    .append("    bind ").append(bindAddress).append(':').append(b.servicePort()).append('\n')
                    .append("    mode ").append(b.mode()).append('\n')
                    .append("    default_backend ").append(b.name()).append('\n');
            cfg.append("\nbackend ").append(b.name()).append('\n')
                    .append("    mode ").append(b.mode()).append('\n')
                    .append("    balance ").append(b.balance()).append('\n');
            if (b.mode().equals("http")) {
                cfg.append("    option http-server-close\n");
            }
            ServerSlots servers = slots.get(b.name());
            for (int i = 0; i < servers.size(); i++) {
                String name = slotName(i);
                cfg.append("    server ").append(name).append(' ').append(servers.at(i).map(e -> e).orElse("127.0.0.1:1 disabled"))
                        .append('\n');
            }
        }
        return cfg.toString();
    }

    static String slotName(int slot) {
        return "s" + (slot + 1);
    }
}
