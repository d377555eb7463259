package io.pacer.localcluster.master;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.FrameworkID;

/** The frameworks the master knows, and the ids of removed ones, which may never subscribe again. */
final class FrameworkRegistry {
    private final String masterId;
    private final Map<FrameworkID, Framework> frameworks = new LinkedHashMap<>();
    private final Set<FrameworkID> removed = new HashSet<>();
    private int nextId;

    FrameworkRegistry(String masterId) {
        this.masterId = masterId;
    }

    /** Ids as Mesos mints them: the master's id and a sequence number (src/master/master.cpp {@code newFrameworkId}). */
    FrameworkID newId() {
        return FrameworkID.newBuilder().setValue(String.format("%s-%04d", masterId, nextId++)).build();
    }

    Optional<Framework> get(FrameworkID id) {
        return Optional.ofNullable(frameworks.get(id));
    }

    void add(Framework framework) {
        frameworks.put(framework.id, framework);
    }

    void remove(Framework framework) {
        frameworks.remove(framework.id);
        removed.add(framework.id);
    }

    boolean wasRemoved(FrameworkID id) {
        return removed.contains(id);
    }

    List<Framework> all() {
        return new ArrayList<>(frameworks.values());
    }
}
