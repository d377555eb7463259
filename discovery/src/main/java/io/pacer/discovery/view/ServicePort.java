package io.pacer.discovery.view;

import java.util.Optional;

/** One of an app's port definitions: the service port Pacer allocated for it, its name and protocol (tcp, udp). */
public record ServicePort(int port, Optional<String> name, String protocol) {
}
