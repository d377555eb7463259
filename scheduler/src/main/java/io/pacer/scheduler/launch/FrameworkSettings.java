package io.pacer.scheduler.launch;

import java.time.Duration;
import java.util.Optional;

/**
 * How Pacer registers with Mesos: its FrameworkInfo fields, the credential it authenticates with, if any, and the role
 * it is offered resources for.
 */
public record FrameworkSettings(String name, String user, String hostname, Duration failoverTimeout, String webuiUrl,
                                Optional<MesosCredential> credential, MesosRole role) {
}
