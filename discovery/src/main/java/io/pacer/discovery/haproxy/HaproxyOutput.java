package io.pacer.discovery.haproxy;

import io.pacer.discovery.view.AppEndpoints;
import io.pacer.discovery.view.Endpoint;
import io.pacer.discovery.view.EndpointView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps HAProxy in step with the view. A change of endpoints only is a few runtime-API commands on the backends'
 * server slots (no reload, nothing dropped); a change of frontends (an app or service port added or removed, a mode
 * or balance label changed, a backend out of slots) writes a new config with every current endpoint in it, checks
 * it and reloads HAProxy seamlessly. An app whose labels HAProxy cannot take is left out, with one log line.
 */
public final class HaproxyOutput implements Consumer<EndpointView>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HaproxyOutput.class);

    private final HaproxyProcess haproxy;
    private final String bindAddress;
    private final Map<String, ServerSlots> slots = new HashMap<>();
    private final Set<String> refused = new java.util.HashSet<>();
    private String shape = "";
    private int reloads;

    public HaproxyOutput(Path binary, Path dir, String bindAddress) throws IOException {
        this.haproxy = new HaproxyProcess(binary, dir);
        this.bindAddress = bindAddress;
    }

    public Path configFile() {
        return haproxy.configFile();
    }

    /** How many times HAProxy was reloaded (its first start not counted). */
    public int reloads() {
        return reloads;
    }

    @Override
    public void accept(EndpointView view) {
        List<BackendSpec> backends = backends(view);
        Map<String, List<ServerSlots.Change>> changes = new HashMap<>();
        Map<String, ServerSlots> next = new HashMap<>();
        for (BackendSpec b : backends) {
            ServerSlots servers = slots.getOrDefault(b.name(), new ServerSlots());
            int before = servers.size();
            changes.put(b.name(), servers.assign(addresses(view.app(b.appId()).orElseThrow(), b.portIndex())));
            next.put(b.name(), servers);
            if (servers.size() != before) {
                LOG.info("Backend {} grows to {} server slots", b.name(), servers.size());
            }
        }
        slots.clear();
        slots.putAll(next);
        String newShape = backends.toString() + next.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).sorted().toList();
        try {
            if (!newShape.equals(shape) || !haproxy.running()) {
                boolean first = !haproxy.running();
                haproxy.apply(HaproxyConfig.render(haproxy.adminSocket(), bindAddress, backends, slots));
                shape = newShape;
                if (!first) {
                    reloads++;
                }
                return;
            }
            List<String> commands = new ArrayList<>();
            changes.forEach((backend, list) -> list.forEach(c -> commands.addAll(commands(backend, c))));
            if (!commands.isEmpty()) {
                String answer = haproxy.command(commands).strip();
                LOG.info("HAProxy runtime API: {}{}", commands, answer.isEmpty() ? "" : " → " + answer.replace('\n', ' '));
            }
        } catch (IOException e) {
            shape = ""; // try a full config again on the next view
            throw new UncheckedIOException("HAProxy could not be updated: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while HAProxy reloaded", e);
        }
    }

    private static List<String> commands(String backend, ServerSlots.Change change) {
        String server = backend + "/" + HaproxyConfig.slotName(change.slot());
        if (change.endpoint().isEmpty()) {
            return List.of("set server " + server + " state maint");
        }
        String endpoint = change.endpoint().get();
        int colon = endpoint.lastIndexOf(':');
        return List.of("set server " + server + " addr " + endpoint.substring(0, colon) + " port " + endpoint.substring(colon + 1),
                "set server " + server + " state ready");
    }

    private List<BackendSpec> backends(EndpointView view) {
        List<BackendSpec> backends = new ArrayList<>();
        for (AppEndpoints app : view.apps().values()) {
            for (int i = 0; i < app.servicePorts().size(); i++) {
                if (app.servicePorts().get(i).port() <= 0 || !app.servicePorts().get(i).protocol().equals("tcp")) {
                    continue; // HAProxy balances TCP only
                }
                try {
                    backends.add(BackendSpec.of(app, i));
                    refused.remove(app.appId());
                } catch (IllegalArgumentException e) {
                    if (refused.add(app.appId())) {
                        LOG.warn("Leaving {} out of HAProxy: {}", app.appId(), e.getMessage());
                    }
                }
            }
        }
        return backends;
    }

    /** The endpoints' {@code ip:port} for the app's port {@code index}; HAProxy's runtime API takes addresses only. */
    private static Set<String> addresses(AppEndpoints app, int index) {
        Set<String> out = new LinkedHashSet<>();
        for (Endpoint e : app.endpoints()) {
            if (e.ports().size() > index) {
                out.add(ip(e.host()) + ":" + e.ports().get(index));
            }
        }
        return out;
    }

    private static String ip(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new UncheckedIOException("cannot resolve the agent host " + host, e);
        }
    }

    @Override
    public void close() {
        haproxy.close();
    }
}
