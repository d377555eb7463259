package io.pacer.scheduler.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.store.StateStore;
import io.pacer.scheduler.store.StoredValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every task the scheduler has launched and not yet seen end, kept in memory and in the {@link StateStore}: an
 * intent is on disk before its launch is sent, so a scheduler killed mid-launch knows the task after a restart
 * (and reconciliation tells it what became of it). A task is kept under {@code tasks/<app>/<task id>}, in a folder per
 * app, so that no folder grows with the number of tasks (ZooKeeper lists a folder in one answer, docs/ha.md).
 */
public final class TaskRepository {
    private static final String FOLDER = "tasks";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateStore store;
    private final Map<String, TaskRecord> tasks = new ConcurrentHashMap<>();
    /** The same records by app: the scheduler asks for one app's tasks many times per offer round and tick. */
    private final Map<AppId, Map<String, TaskRecord>> byApp = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    public TaskRepository(StateStore store) {
        this.store = store;
        SortedMap<String, byte[]> stored = store.readAll(FOLDER);
        List<Map.Entry<String, TaskRecord>> tasksByKey =
                StoredValues.parse(stored, (key, bytes) -> Map.entry(key, TaskJson.read(readJson(bytes))));
        for (Map.Entry<String, TaskRecord> loaded : tasksByKey) {
            String key = loaded.getKey();
            TaskRecord task = loaded.getValue();
            if (!key.equals(keyOf(task))) {
                // an older Pacer kept tasks/<task id>: moved, new key first, so that a crash in between loses nothing
                store.write(keyOf(task), stored.get(key));
                store.delete(key);
            }
            remember(task);
        }
    }

    public void put(TaskRecord task) {
        try {
            store.write(keyOf(task), JSON.writeValueAsBytes(TaskJson.write(task)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        remember(task);
        changes.incrementAndGet();
    }

    /** Forgets the task; its app's folder stays, empty when it was the app's last (the store keeps folders). */
    public void remove(String taskId) {
        TaskRecord removed = tasks.get(taskId);
        if (removed != null) {
            store.delete(keyOf(removed));
            tasks.remove(taskId);
            byApp.computeIfPresent(removed.appId(), (app, its) -> {
                its.remove(taskId);
                return its.isEmpty() ? null : its;
            });
        }
        changes.incrementAndGet();
    }

    /**
     * Counts every change, after it is made: whatever was read after seeing a count is at least that recent, so a
     * view built from the tasks can be kept until the count moves.
     */
    public long changes() {
        return changes.get();
    }

    public Optional<TaskRecord> get(String taskId) {
        return Optional.ofNullable(tasks.get(taskId));
    }

    public List<TaskRecord> all() {
        return tasks.values().stream().sorted(TaskRecord.OLDEST_FIRST).toList();
    }

    public List<TaskRecord> of(AppId app) {
        return byApp.getOrDefault(app, Map.of()).values().stream().sorted(TaskRecord.OLDEST_FIRST).toList();
    }

    private void remember(TaskRecord task) {
        tasks.put(task.taskId(), task);
        byApp.computeIfAbsent(task.appId(), app -> new ConcurrentHashMap<>()).put(task.taskId(), task);
    }

    private static String keyOf(TaskRecord task) {
        return FOLDER + "/" + task.appId().keySegment() + "/" + task.taskId();
    }

    private static JsonNode readJson(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored task is unreadable: " + e.getMessage(), e);
        }
    }
}
