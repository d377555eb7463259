package io.pacer.discovery.view;

import java.util.List;
import java.util.Map;

/**
 * An app as discovery sees it: its id ({@code /shop/web}), service ports, labels, and its endpoints, ordered by
 * task id so that equal views compare equal.
 */
public record AppEndpoints(String appId, List<ServicePort> servicePorts, Map<String, String> labels, List<Endpoint> endpoints) {
    public AppEndpoints {
        servicePorts = List.copyOf(servicePorts);
        labels = Map.copyOf(labels);
        endpoints = List.copyOf(endpoints);
    }

    /** The id's segments, {@code /shop/web} → [shop, web]. */
    public List<String> segments() {
        return List.of(appId.substring(1).split("/"));
    }
}
