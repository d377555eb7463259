package io.pacer.discovery.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.TreeMap;

/** The view as the file and ZooKeeper outputs write it, so that a reader of either finds the same JSON. */
public final class ViewJson {
    private ViewJson() {
    }

    /** {@code live} and, once Pacer is lost, {@code lostSince}: how old the view may be. */
    public static ObjectNode status(EndpointView view) {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("live", view.live());
        view.lostSince().ifPresent(t -> n.put("lostSince", t.toString()));
        return n;
    }

    /** The app's id, service ports, labels (sorted) and endpoints. */
    public static ObjectNode app(AppEndpoints app) {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("id", app.appId());
        ArrayNode ports = n.putArray("servicePorts");
        app.servicePorts().forEach(p -> {
            ObjectNode port = ports.addObject().put("port", p.port()).put("protocol", p.protocol());
            p.name().ifPresent(name -> port.put("name", name));
        });
        ObjectNode labels = n.putObject("labels");
        new TreeMap<>(app.labels()).forEach(labels::put);
        ArrayNode endpoints = n.putArray("endpoints");
        for (Endpoint e : app.endpoints()) {
            ObjectNode endpoint = endpoints.addObject().put("taskId", e.taskId()).put("host", e.host());
            e.ports().forEach(endpoint.putArray("ports")::add);
        }
        return n;
    }
}
