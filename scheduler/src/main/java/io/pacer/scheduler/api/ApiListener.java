package io.pacer.scheduler.api;

import io.netty.handler.ssl.SslContext;
import java.util.Optional;

/** One address the API answers on: plain HTTP, or HTTPS when {@code tls} is given (Netty's SslHandler first). */
public record ApiListener(String host, int port, Optional<SslContext> tls) {
    public static ApiListener http(String host, int port) {
        return new ApiListener(host, port, Optional.empty());
    }

    public static ApiListener https(String host, int port, SslContext tls) {
        return new ApiListener(host, port, Optional.of(tls));
    }

    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }
}
