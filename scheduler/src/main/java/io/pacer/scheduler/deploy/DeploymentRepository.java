package io.pacer.scheduler.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.store.DurableStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The running deployments, at most one per app, in memory and in the {@link DurableStore} (one key per
 * deployment, written before the change it describes is acted on). Thread-safe: the API writes new ones, the
 * scheduler records progress and removes finished ones.
 */
public final class DeploymentRepository {
    private static final String FOLDER = "deployments";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DurableStore store;
    private final Map<AppId, Deployment> byApp = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    public DeploymentRepository(DurableStore store) {
        this.store = store;
        for (String key : store.keys(FOLDER)) {
            Deployment d = read(store.read(key).orElseThrow());
            byApp.merge(d.appId(), d, (a, b) -> a.startedAt().isAfter(b.startedAt()) ? a : b);
        }
    }

    /** Stores a deployment, replacing any other of its app (which the new one supersedes). */
    public synchronized void put(Deployment deployment) {
        write(deployment);
        Deployment before = byApp.put(deployment.appId(), deployment);
        if (before != null && !before.id().equals(deployment.id())) {
            store.delete(FOLDER + "/" + before.id());
        }
        changes.incrementAndGet();
    }

    /** Counts every change, after it is made (as TaskRepository#changes), for views kept until it moves. */
    public long changes() {
        return changes.get();
    }

    public synchronized void remove(Deployment deployment) {
        store.delete(FOLDER + "/" + deployment.id());
        byApp.computeIfPresent(deployment.appId(), (app, d) -> d.id().equals(deployment.id()) ? null : d);
        changes.incrementAndGet();
    }

    public Optional<Deployment> of(AppId app) {
        return Optional.ofNullable(byApp.get(app));
    }

    public Optional<Deployment> get(String id) {
        return byApp.values().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    public List<Deployment> all() {
        return byApp.values().stream().sorted(Comparator.comparing(Deployment::startedAt)).toList();
    }

    private void write(Deployment d) {
        ObjectNode o = JSON.createObjectNode().put("id", d.id()).put("appId", d.appId().toString())
                .put("version", d.version().toString()).put("action", d.action().name())
                .put("startedAt", d.startedAt().toString());
        d.oldTaskIds().forEach(o.putArray("oldTaskIds")::add);
        d.previous().ifPresent(p -> o.put("previous", p));
        try {
            store.write(FOLDER + "/" + d.id(), JSON.writeValueAsBytes(o));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Deployment read(byte[] bytes) {
        try {
            JsonNode o = JSON.readTree(bytes);
            Set<String> old = new TreeSet<>();
            o.get("oldTaskIds").forEach(t -> old.add(t.asText()));
            return new Deployment(o.get("id").asText(), AppId.parse(o.get("appId").asText()),
                    Instant.parse(o.get("version").asText()), DeploymentAction.valueOf(o.get("action").asText()), old,
                    Instant.parse(o.get("startedAt").asText()), Optional.ofNullable(o.get("previous")).map(JsonNode::asText));
        } catch (IOException e) {
            throw new UncheckedIOException("a stored deployment is unreadable: " + e.getMessage(), e);
        }
    }
}
