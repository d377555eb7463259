package io.pacer.scheduler.app;

import java.util.Map;
import java.util.Optional;

/** A host port an app's tasks need (Marathon's portDefinitions; 0 = any port the offer has). */
public record PortDefinition(int port, String protocol, Optional<String> name, Map<String, String> labels) {
    public PortDefinition {
        labels = Map.copyOf(labels);
    }
}
