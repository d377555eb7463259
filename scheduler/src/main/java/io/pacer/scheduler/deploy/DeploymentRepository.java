package io.pacer.scheduler.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppJsonReader;
import io.pacer.scheduler.app.AppJsonWriter;
import io.pacer.scheduler.store.StateStore;
import io.pacer.scheduler.store.StoredValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The running deployments, at most one per app, in memory and in the {@link StateStore} (one key per
 * deployment, written before the change it describes is acted on). Thread-safe: the API writes new ones, the
 * scheduler records progress and removes finished ones.
 */
public final class DeploymentRepository {
    private static final String FOLDER = "deployments";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateStore store;
    private final Map<String, Deployment> byId = new ConcurrentHashMap<>();
    private final Map<AppId, Deployment> byApp = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    public DeploymentRepository(StateStore store) {
        this.store = store;
        List<Deployment> stored = StoredValues.parse(store.readAll(FOLDER), (key, bytes) -> read(bytes));
        // one written before deployments were plans reads as changing no app: its app goes to its stored definition
        stored.stream().filter(d -> d.changes().isEmpty()).forEach(d -> store.delete(FOLDER + "/" + d.id()));
        stored.stream().filter(d -> !d.changes().isEmpty()).sorted(Comparator.comparing(Deployment::startedAt)).forEach(this::put);
    }

    /** Stores a deployment; any other that shares an app with it is superseded, and goes. */
    public synchronized void put(Deployment deployment) {
        if (deployment.changes().isEmpty()) {
            throw new IllegalArgumentException("deployment " + deployment.id() + " changes no app: there is nothing to store");
        }
        write(deployment);
        for (AppId app : deployment.affectedApps()) {
            Deployment before = byApp.get(app);
            if (before != null && !before.id().equals(deployment.id())) {
                forget(before);
            }
        }
        byId.put(deployment.id(), deployment);
        deployment.affectedApps().forEach(app -> byApp.put(app, deployment));
        changes.incrementAndGet();
    }

    /** Counts every change, after it is made (as TaskRepository#changes), for views kept until it moves. */
    public long changes() {
        return changes.get();
    }

    public synchronized void remove(Deployment deployment) {
        forget(deployment);
        changes.incrementAndGet();
    }

    private void forget(Deployment deployment) {
        store.delete(FOLDER + "/" + deployment.id());
        byId.remove(deployment.id());
        deployment.affectedApps().forEach(app -> byApp.computeIfPresent(app, (a, d) -> d.id().equals(deployment.id()) ? null : d));
    }

    /** The deployment that affects the app, whether its action is done or not. */
    public Optional<Deployment> of(AppId app) {
        return Optional.ofNullable(byApp.get(app));
    }

    public Optional<Deployment> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<Deployment> all() {
        return byId.values().stream().sorted(Comparator.comparing(Deployment::startedAt)).toList();
    }

    private void write(Deployment d) {
        ObjectNode o = JSON.createObjectNode().put("id", d.id()).put("version", d.version().toString())
                .put("startedAt", d.startedAt().toString());
        d.createdGroups().stream().map(AppId::path).sorted().forEach(o.putArray("createdGroups")::add);
        for (AppChange c : d.changes()) {
            ObjectNode change = o.withArray("changes").addObject().put("appId", c.appId().path())
                    .put("action", c.action().name()).put("step", c.step()).put("done", c.done());
            c.oldTaskIds().forEach(change.putArray("oldTaskIds")::add);
            c.previous().ifPresent(p -> change.set("previous", AppJsonWriter.write(p)));
        }
        try {
            store.write(FOLDER + "/" + d.id(), JSON.writeValueAsBytes(o));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Deployment read(byte[] bytes) {
        try {
            JsonNode o = JSON.readTree(bytes);
            List<AppChange> changes = new ArrayList<>();
            for (JsonNode c : o.path("changes")) {
                Set<String> old = new TreeSet<>();
                c.path("oldTaskIds").forEach(t -> old.add(t.asText()));
                changes.add(new AppChange(AppId.parse(c.get("appId").asText()), DeploymentAction.valueOf(c.get("action").asText()),
                        c.get("step").asInt(), old, Optional.ofNullable(c.get("previous")).map(AppJsonReader::readStored),
                        c.get("done").asBoolean()));
            }
            Set<AppId> createdGroups = new TreeSet<>(Comparator.comparing(AppId::path));
            o.path("createdGroups").forEach(g -> createdGroups.add(AppId.parse(g.asText())));
            return new Deployment(o.get("id").asText(), Instant.parse(o.get("version").asText()),
                    Instant.parse(o.get("startedAt").asText()), changes, createdGroups);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored deployment is unreadable: " + e.getMessage(), e);
        }
    }
}
