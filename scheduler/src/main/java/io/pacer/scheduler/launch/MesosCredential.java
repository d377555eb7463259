package io.pacer.scheduler.launch;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The principal and secret Pacer authenticates to the Mesos master with (Marathon's
 * {@code --mesos_authentication_principal} and {@code --mesos_authentication_secret_file}): sent as HTTP Basic on
 * SUBSCRIBE and every call, as a v1 HTTP framework must where the master runs {@code --authenticate_http_frameworks};
 * the principal also goes in FrameworkInfo. Never printed: {@link #toString} leaves the secret out.
 */
public record MesosCredential(String principal, String secret) {
    public MesosCredential {
        if (principal.isBlank() || principal.contains(":")) {
            throw new IllegalArgumentException("a principal must be non-empty and free of ':', was '" + principal + "'");
        }
    }

    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((principal + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "MesosCredential[principal=" + principal + ", secret=***]";
    }
}
