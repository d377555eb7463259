package io.pacer.discovery.haproxy;

import io.pacer.discovery.view.AppEndpoints;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one service port of an app is served: its frontend's port, and the mode and balance algorithm its labels
 * choose, per port ({@code HAPROXY_0_MODE}) or for the whole app ({@code HAPROXY_MODE}), as marathon-lb names them.
 */
record BackendSpec(String name, String appId, int servicePort, int portIndex, String mode, String balance) {
    static final Set<String> MODES = Set.of("tcp", "http");
    static final Set<String> BALANCES = Set.of("roundrobin", "static-rr", "leastconn", "first", "source", "random");

    /** The spec of the app's port {@code index}; a label with a value HAProxy does not take is refused. */
    static BackendSpec of(AppEndpoints app, int index) {
        int servicePort = app.servicePorts().get(index).port();
        String name = String.join("_", app.segments()) + "_" + servicePort;
        String mode = label(app.labels(), index, "MODE").orElse("tcp");
        String balance = label(app.labels(), index, "BALANCE").orElse("roundrobin");
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException(app.appId() + ": HAPROXY_MODE must be one of " + MODES + ", not '" + mode + "'");
        }
        if (!BALANCES.contains(balance)) {
            throw new IllegalArgumentException(app.appId() + ": HAPROXY_BALANCE must be one of " + BALANCES + ", not '" + balance + "'");
        }
        return new BackendSpec(name, app.appId(), servicePort, index, mode, balance);
    }

    private static Optional<String> label(Map<String, String> labels, int index, String what) {
        return Optional.ofNullable(labels.get("HAPROXY_" + index + "_" + what)).or(() -> Optional.ofNullable(labels.get("HAPROXY_" + what)))
                .map(String::trim).map(v -> v.toLowerCase(java.util.Locale.ROOT));
    }
}
