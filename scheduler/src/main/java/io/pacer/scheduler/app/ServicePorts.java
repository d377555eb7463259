package io.pacer.scheduler.app;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Marathon's service ports: a port definition with port 0 gets a port from 10000–20000 that no other app uses
 * (Marathon's --local_port_min/--local_port_max defaults), kept across updates of the same app. Load balancers
 * listen on it; tasks still get any host port from the offer unless requirePorts is set.
 */
public final class ServicePorts {
    public static final int MIN = 10000;
    public static final int MAX = 20000;

    private ServicePorts() {
    }

    public static AppDefinition assign(AppDefinition app, List<AppDefinition> all) {
        if (app.portDefinitions().stream().noneMatch(p -> p.port() == 0)) {
            return app;
        }
        Set<Integer> taken = new HashSet<>();
        all.stream().filter(a -> !a.id().equals(app.id())).forEach(a -> a.portDefinitions().forEach(p -> taken.add(p.port())));
        app.portDefinitions().forEach(p -> taken.add(p.port()));
        Optional<AppDefinition> previous = all.stream().filter(a -> a.id().equals(app.id())).findFirst();
        List<PortDefinition> ports = new ArrayList<>();
        for (int i = 0; i < app.portDefinitions().size(); i++) {
            PortDefinition p = app.portDefinitions().get(i);
            if (p.port() != 0) {
                ports.add(p);
                continue;
            }
            int index = i;
            int port = previous.filter(prev -> prev.portDefinitions().size() > index)
                    .map(prev -> prev.portDefinitions().get(index).port())
                    .filter(old -> old != 0 && !usedByOthers(old, app, all))
                    .orElseGet(() -> free(taken, app.id()));
            taken.add(port);
            ports.add(new PortDefinition(port, p.protocol(), p.name(), p.labels()));
        }
        return app.withPortDefinitions(ports);
    }

    private static boolean usedByOthers(int port, AppDefinition app, List<AppDefinition> all) {
        return all.stream().filter(a -> !a.id().equals(app.id())).anyMatch(a -> a.portDefinitions().stream().anyMatch(p -> p.port() == port));
    }

    private static int free(Set<Integer> taken, AppId app) {
        for (int port = MIN; port <= MAX; port++) {
            if (!taken.contains(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no service port left in " + MIN + "-" + MAX + " for " + app);
    }
}
