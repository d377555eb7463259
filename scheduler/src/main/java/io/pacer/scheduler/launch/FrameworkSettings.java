package io.pacer.scheduler.launch;

import java.time.Duration;
import java.util.Optional;

/** How Pacer registers with Mesos: its FrameworkInfo fields, and the credential it authenticates with, if any. */
public record FrameworkSettings(String name, String user, String hostname, Duration failoverTimeout, String webuiUrl,
                                Optional<MesosCredential> credential) {
}
