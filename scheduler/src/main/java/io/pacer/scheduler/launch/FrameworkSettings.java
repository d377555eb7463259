package io.pacer.scheduler.launch;

import java.time.Duration;

/** How Pacer registers with Mesos: its FrameworkInfo fields. */
public record FrameworkSettings(String name, String user, String hostname, Duration failoverTimeout, String webuiUrl) {
}
