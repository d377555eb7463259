package io.pacer.scheduler.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pacer.scheduler.store.DurableStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every app Pacer knows, kept in memory for reads and written to the {@link DurableStore} before a change is
 * acknowledged, so that a restarted scheduler has every app.
 */
public final class AppRepository {
    private static final String FOLDER = "apps";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DurableStore store;
    private final Map<AppId, AppDefinition> apps = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    public AppRepository(DurableStore store) {
        this.store = store;
        for (String key : store.keys(FOLDER)) {
            AppDefinition app = load(key);
            apps.put(app.id(), app);
        }
    }

    public Optional<AppDefinition> get(AppId id) {
        return Optional.ofNullable(apps.get(id));
    }

    public List<AppDefinition> all() {
        return apps.values().stream().sorted(Comparator.comparing(a -> a.id().path())).toList();
    }

    /**
     * Stores a new app, with service ports given to its port definitions of port 0; empty (and nothing changes)
     * when an app with its id exists.
     */
    public synchronized Optional<AppDefinition> create(AppDefinition app) {
        if (apps.containsKey(app.id())) {
            return Optional.empty();
        }
        return Optional.of(save(ServicePorts.assign(app, all())));
    }

    /** Stores an app (service ports as for {@link #create}), replacing the one with its id; returns what was stored. */
    public synchronized AppDefinition put(AppDefinition app) {
        return save(ServicePorts.assign(app, all()));
    }

    public synchronized Optional<AppDefinition> delete(AppId id) {
        store.delete(keyOf(id));
        Optional<AppDefinition> deleted = Optional.ofNullable(apps.remove(id));
        changes.incrementAndGet();
        return deleted;
    }

    /** Counts every change, after it is made (as {@link io.pacer.scheduler.task.TaskRepository#changes}). */
    public long changes() {
        return changes.get();
    }

    private AppDefinition save(AppDefinition app) {
        try {
            store.write(keyOf(app.id()), JSON.writeValueAsBytes(AppJsonWriter.write(app)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        apps.put(app.id(), app);
        changes.incrementAndGet();
        return app;
    }

    private AppDefinition load(String key) {
        try {
            var json = JSON.readTree(store.read(key).orElseThrow());
            return AppJsonReader.read(json, Optional.empty(), java.time.Instant.parse(json.get("version").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("stored app " + key + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** An app id is a path; '/' cannot be in a file name, and no id segment contains "..", so ".." separates. */
    private static String keyOf(AppId id) {
        return FOLDER + "/" + String.join("..", id.segments()) + ".json";
    }
}
