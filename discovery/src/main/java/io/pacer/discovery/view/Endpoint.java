package io.pacer.discovery.view;

import java.util.List;

/** One healthy, running task of an app: where it runs and its host ports, in the order of the app's port definitions. */
public record Endpoint(String taskId, String host, List<Integer> ports) {
    public Endpoint {
        ports = List.copyOf(ports);
    }
}
