package io.pacer.discovery.view;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;

/** Views for the outputs' tests: apps with a named service port, a label, and endpoints on agent1 from port 31000. */
public final class TestViews {
    private TestViews() {
    }

    /** {@code id}'s tasks are {@code <id without />.0}, {@code .1}, ... on ports 31000, 31001, ... */
    public static AppEndpoints app(String id, int endpoints) {
        List<Endpoint> list = IntStream.range(0, endpoints)
                .mapToObj(i -> new Endpoint(id.substring(1) + "." + i, "agent1", List.of(31000 + i))).toList();
        return new AppEndpoints(id, List.of(new ServicePort(10000, Optional.of("http"), "tcp")), Map.of("team", "a"), list);
    }

    public static EndpointView view(Optional<Instant> lostSince, AppEndpoints... apps) {
        TreeMap<String, AppEndpoints> map = new TreeMap<>();
        for (AppEndpoints a : apps) {
            map.put(a.appId(), a);
        }
        return new EndpointView(map, Instant.now(), lostSince);
    }

    /** A view of a watcher that follows Pacer. */
    public static EndpointView live(AppEndpoints... apps) {
        return view(Optional.empty(), apps);
    }
}
