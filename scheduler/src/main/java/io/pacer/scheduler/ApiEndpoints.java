package io.pacer.scheduler;

import io.pacer.scheduler.api.ApiListener;
import io.pacer.scheduler.api.ApiServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where Pacer's API answers (plain HTTP unless {@code --disable-http}, HTTPS with a keystore) and which of its URLs
 * each kind of client gets: users and logs the HTTPS one when there is one; agents, which fetch the executor jar, and
 * Pacer's own in-process clients the plain one when there is one (no certificate to trust), else the HTTPS one.
 */
final class ApiEndpoints {
    private final String hostname;
    private final String loopbackHost;
    private final OptionalInt httpPort;
    private final OptionalInt httpsPort;

    /** Of {@code api}, bound to {@link #listeners(PacerConfig)}. */
    ApiEndpoints(PacerConfig config, ApiServer api) {
        this.hostname = config.hostname();
        this.loopbackHost = config.httpHost().equals("0.0.0.0") ? "127.0.0.1" : config.httpHost();
        this.httpPort = http(config).map(l -> OptionalInt.of(api.port(l))).orElse(OptionalInt.empty());
        this.httpsPort = https(config).map(l -> OptionalInt.of(api.port(l))).orElse(OptionalInt.empty());
    }

    /** What the API server binds: HTTP (unless disabled), then HTTPS (with a keystore), on {@code --http-host}. */
    static List<ApiListener> listeners(PacerConfig config) {
        List<ApiListener> listeners = new ArrayList<>();
        http(config).ifPresent(listeners::add);
        https(config).ifPresent(listeners::add);
        return listeners;
    }

    private static Optional<ApiListener> http(PacerConfig config) {
        return config.https().filter(HttpsConfig::httpDisabled).isPresent() ? Optional.empty()
                : Optional.of(ApiListener.http(config.httpHost(), config.httpPort()));
    }

    private static Optional<ApiListener> https(PacerConfig config) {
        return config.https().map(h -> ApiListener.https(config.httpHost(), h.port(), h.keystore().serverContext()));
    }

    OptionalInt httpPort() {
        return httpPort;
    }

    OptionalInt httpsPort() {
        return httpsPort;
    }

    /** The port of {@link #advertisedUrl()}. */
    int advertisedPort() {
        return httpsPort.isPresent() ? httpsPort.getAsInt() : httpPort.getAsInt();
    }

    /** For users, logs, {@code /v2/info} and FrameworkInfo's {@code webui_url}: HTTPS when served. */
    String advertisedUrl() {
        return (httpsPort.isPresent() ? "https" : "http") + "://" + hostname + ":" + advertisedPort();
    }

    /** The plain HTTP URL, when the advertised one is HTTPS and plain HTTP is served too. */
    Optional<String> alsoHttpUrl() {
        return httpsPort.isPresent() && httpPort.isPresent() ? Optional.of("http://" + hostname + ":" + httpPort.getAsInt()) : Optional.empty();
    }

    /** Where agents fetch the executor jar from: plain HTTP when served, else HTTPS (they must trust the certificate). */
    String agentsUrl() {
        return httpPort.isPresent() ? "http://" + hostname + ":" + httpPort.getAsInt() : advertisedUrl();
    }

    /** For Pacer's own clients in this process (discovery): over loopback, plain HTTP when served. */
    URI loopbackUrl() {
        return URI.create(httpPort.isPresent() ? "http://" + loopbackHost + ":" + httpPort.getAsInt()
                : "https://" + loopbackHost + ":" + httpsPort.getAsInt());
    }
}
