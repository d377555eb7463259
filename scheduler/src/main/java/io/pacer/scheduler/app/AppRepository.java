package io.pacer.scheduler.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.store.StateStore;
import io.pacer.scheduler.store.StoredValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;

/**
 * Every app Pacer knows, kept in memory for reads and written to the {@link StateStore} before a change is
 * acknowledged, so that a restarted scheduler has every app; and each app's earlier versions, on disk only (read
 * when asked for), at most {@code maxVersions} per app, oldest dropped first (Marathon's --zk_max_versions, 50 by
 * default), removed with the app (as Marathon drops them with it).
 */
public final class AppRepository {
    private static final String FOLDER = "apps";
    private static final String VERSIONS = "app-versions";
    public static final int DEFAULT_MAX_VERSIONS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateStore store;
    private final Map<AppId, AppDefinition> apps = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private final int maxVersions;

    public AppRepository(StateStore store, int maxVersions) {
        if (maxVersions < 1) {
            throw new IllegalArgumentException("at least the current version is kept, asked to keep " + maxVersions);
        }
        this.store = store;
        this.maxVersions = maxVersions;
        StoredValues.parse(store.readAll(FOLDER), AppRepository::load).forEach(app -> apps.put(app.id(), app));
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
        store.keys(versionsOf(id)).forEach(store::delete);
        Optional<AppDefinition> deleted = Optional.ofNullable(apps.remove(id));
        changes.incrementAndGet();
        return deleted;
    }

    /** Counts every change, after it is made (as {@link io.pacer.scheduler.task.TaskRepository#changes}). */
    public long changes() {
        return changes.get();
    }

    /**
     * The app's versions, newest first: the current one and those kept before it (an app stored before Pacer kept
     * versions has only its current one). Empty for an unknown app.
     */
    public List<Instant> versions(AppId id) {
        Optional<AppDefinition> current = get(id);
        if (current.isEmpty()) {
            return List.of();
        }
        TreeSet<Instant> versions = new TreeSet<>(Comparator.reverseOrder());
        versions.add(current.get().version());
        store.keys(versionsOf(id)).forEach(key -> versions.add(versionOfKey(key)));
        return List.copyOf(versions);
    }

    /** The app as it was at {@code version}, if that is its current version or one still kept. */
    public Optional<AppDefinition> version(AppId id, Instant version) {
        Optional<AppDefinition> current = get(id);
        if (current.isEmpty() || current.get().version().equals(version)) {
            return current;
        }
        String key = versionsOf(id) + "/" + version.toEpochMilli() + ".json";
        return store.read(key).map(bytes -> load(key, bytes));
    }

    /**
     * Why {@code app} cannot be stored: its definition as stored is over the store's limit for one value; empty when it
     * fits. For the API to refuse it before anything changes.
     */
    public Optional<OversizedApp> oversized(AppDefinition app) {
        // every service port has five digits (10000-20000): the ports it is given when stored do not change its size
        ObjectNode json = AppJsonWriter.write(ServicePorts.assign(app, List.of()));
        int bytes = bytes(json).length;
        if (bytes <= store.maxValueBytes()) {
            return Optional.empty();
        }
        Map.Entry<String, Integer> largest = StreamSupport.stream(Spliterators.spliteratorUnknownSize(json.fields(), 0), false)
                .map(field -> Map.entry(field.getKey(), bytes(field.getValue()).length))
                .max(Map.Entry.comparingByValue()).orElseThrow();
        return Optional.of(new OversizedApp(app.id(), bytes, store.maxValueBytes(), largest.getKey(), largest.getValue()));
    }

    private AppDefinition save(AppDefinition app) {
        byte[] json = bytes(AppJsonWriter.write(app));
        store.write(keyOf(app.id()), json);
        store.write(versionsOf(app.id()) + "/" + app.version().toEpochMilli() + ".json", json);
        apps.put(app.id(), app);
        changes.incrementAndGet();
        dropOldVersions(app.id());
        return app;
    }

    private void dropOldVersions(AppId id) {
        List<String> kept = store.keys(versionsOf(id)).stream()
                .sorted(Comparator.comparing(AppRepository::versionOfKey)).toList();
        kept.subList(0, Math.max(0, kept.size() - maxVersions)).forEach(store::delete);
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AppDefinition load(String key, byte[] bytes) {
        try {
            return AppJsonReader.readStored(JSON.readTree(bytes));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("stored app " + key + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Versions are kept under their epoch milliseconds (Pacer's clock ticks in milliseconds; ':' is no key character). */
    private static Instant versionOfKey(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return Instant.ofEpochMilli(Long.parseLong(name.substring(0, name.length() - ".json".length())));
    }

    private static String versionsOf(AppId id) {
        return VERSIONS + "/" + id.keySegment();
    }

    private static String keyOf(AppId id) {
        return FOLDER + "/" + id.keySegment() + ".json";
    }
}
