package io.pacer.scheduler.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.store.DurableStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * Every task the scheduler has launched and not yet seen end, kept in memory and in the {@link DurableStore}: an
 * intent is on disk before its launch is sent, so a scheduler killed mid-launch knows the task after a restart
 * (and reconciliation tells it what became of it).
 */
public final class TaskRepository {
    private static final String FOLDER = "tasks";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DurableStore store;
    private final Map<String, TaskRecord> tasks = new ConcurrentHashMap<>();

    public TaskRepository(DurableStore store) {
        this.store = store;
        for (String key : store.keys(FOLDER)) {
            TaskRecord task = decode(store.read(key).orElseThrow());
            tasks.put(task.taskId(), task);
        }
    }

    public void put(TaskRecord task) {
        try {
            store.write(FOLDER + "/" + task.taskId(), JSON.writeValueAsBytes(encode(task)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tasks.put(task.taskId(), task);
    }

    public void remove(String taskId) {
        store.delete(FOLDER + "/" + taskId);
        tasks.remove(taskId);
    }

    public Optional<TaskRecord> get(String taskId) {
        return Optional.ofNullable(tasks.get(taskId));
    }

    public List<TaskRecord> all() {
        return tasks.values().stream().sorted(Comparator.comparing(TaskRecord::stagedAt).thenComparing(TaskRecord::taskId)).toList();
    }

    public List<TaskRecord> of(AppId app) {
        return all().stream().filter(t -> t.appId().equals(app)).toList();
    }

    private static ObjectNode encode(TaskRecord t) {
        ObjectNode n = JSON.createObjectNode()
                .put("taskId", t.taskId()).put("appId", t.appId().path()).put("appVersion", t.appVersion().toString())
                .put("executorId", t.executorId()).put("agentId", t.agentId()).put("host", t.host())
                .put("state", t.state().name()).put("stagedAt", t.stagedAt().toString())
                .put("updatedAt", t.updatedAt().toString()).put("message", t.message()).put("killRequested", t.killRequested());
        var ports = n.putArray("ports");
        t.ports().forEach(ports::add);
        t.healthy().ifPresent(h -> n.put("healthy", h));
        t.startedAt().ifPresent(s -> n.put("startedAt", s.toString()));
        return n;
    }

    private static TaskRecord decode(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            List<Integer> ports = new ArrayList<>();
            n.get("ports").forEach(p -> ports.add(p.asInt()));
            return new TaskRecord(n.get("taskId").asText(), AppId.parse(n.get("appId").asText()),
                    Instant.parse(n.get("appVersion").asText()), n.get("executorId").asText(), n.get("agentId").asText(),
                    n.get("host").asText(), ports, TaskState.valueOf(n.get("state").asText()),
                    n.has("healthy") ? Optional.of(n.get("healthy").asBoolean()) : Optional.empty(),
                    Instant.parse(n.get("stagedAt").asText()),
                    n.has("startedAt") ? Optional.of(Instant.parse(n.get("startedAt").asText())) : Optional.empty(),
                    Instant.parse(n.get("updatedAt").asText()), n.get("message").asText(), n.get("killRequested").asBoolean());
        } catch (IOException e) {
            throw new UncheckedIOException("a stored task is unreadable: " + e.getMessage(), e);
        }
    }
}
