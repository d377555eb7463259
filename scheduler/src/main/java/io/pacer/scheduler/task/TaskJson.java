package io.pacer.scheduler.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.pacer.scheduler.time.Timestamps;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * A {@link TaskRecord} as JSON, in Marathon's task shape (examples/app_tasks.json: id, appId, host, ports, slaveId,
 * stagedAt, startedAt, version, state, healthCheckResults with instanceId, which is the task id: one task per
 * instance) plus what Pacer keeps (agentId, executorId, message,
 * reason, killRequested, executorEndpoint, and readinessCheckResults while it has readiness checks). The same form is
 * stored and answered. Reason and executorEndpoint are
 * written only when known, and read as unknown when missing (records stored before reason existed have none).
 */
public final class TaskJson {
    private TaskJson() {
    }

    public static ObjectNode write(TaskRecord t) {
        ObjectNode n = JsonNodeFactory.instance.objectNode()
                .put("id", t.taskId()).put("appId", t.appId().path()).put("host", t.host())
                .put("slaveId", t.agentId()).put("agentId", t.agentId())
                .put("stagedAt", Timestamps.format(t.stagedAt())).put("updatedAt", Timestamps.format(t.updatedAt()))
                .put("version", Timestamps.format(t.appVersion()))
                .put("state", t.state().name()).put("executorId", t.executorId())
                .put("message", t.message()).put("killRequested", t.killRequested()).put("healthChecked", t.healthChecked())
                .put("role", "*");
        var ports = n.putArray("ports");
        t.ports().forEach(ports::add);
        // optional in types/task.raml and health.raml: absent until known, as Marathon leaves them out (not null)
        t.startedAt().ifPresent(s -> n.put("startedAt", Timestamps.format(s)));
        t.reason().ifPresent(r -> n.put("reason", r));
        t.executorEndpoint().ifPresent(e -> n.put("executorEndpoint", e));
        var results = n.putArray("healthCheckResults");
        t.health().ifPresent(h -> {
            ObjectNode r = results.addObject().put("alive", h.alive()).put("consecutiveFailures", h.consecutiveFailures())
                    .put("taskId", t.taskId()).put("instanceId", t.taskId()).put("lastFailureCause", h.lastFailureCause());
            putInstant(r, "firstSuccess", h.firstSuccess());
            putInstant(r, "lastSuccess", h.lastSuccess());
            putInstant(r, "lastFailure", h.lastFailure());
        });
        if (!t.readiness().isEmpty()) {
            var readiness = n.putArray("readinessCheckResults");
            t.readiness().forEach(r -> readiness.add(readinessResult(t, r)));
        }
        return n;
    }

    /** Marathon's TaskReadinessCheckResult (types/readinessCheck.raml): name, taskId, ready, lastResponse when kept. */
    public static ObjectNode readinessResult(TaskRecord t, ReadinessResult r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("name", r.name()).put("taskId", t.taskId()).put("ready", r.ready());
        r.lastResponse().ifPresent(l -> n.putObject("lastResponse").put("status", l.status())
                .put("contentType", l.contentType()).put("body", l.body()));
        return n;
    }

    /**
     * A result in that shape (the task id, if any, is not read): as stored, and as the executor reports it in the
     * {@code pacer.readiness} label of a status update.
     */
    public static ReadinessResult readReadinessResult(JsonNode n) {
        JsonNode last = n.get("lastResponse");
        Optional<ReadinessResult.LastResponse> response = last == null || last.isNull() ? Optional.empty()
                : Optional.of(new ReadinessResult.LastResponse(last.get("status").asInt(), last.get("contentType").asText(),
                        last.get("body").asText()));
        return new ReadinessResult(n.get("name").asText(), n.get("ready").asBoolean(), response);
    }

    public static TaskRecord read(JsonNode n) {
        List<Integer> ports = new ArrayList<>();
        n.get("ports").forEach(p -> ports.add(p.asInt()));
        Optional<HealthState> health = Optional.empty();
        if (n.get("healthCheckResults").size() > 0) {
            JsonNode h = n.get("healthCheckResults").get(0);
            health = Optional.of(new HealthState(h.get("alive").asBoolean(), h.get("consecutiveFailures").asInt(),
                    instant(h, "firstSuccess"), instant(h, "lastSuccess"), instant(h, "lastFailure"), h.get("lastFailureCause").asText()));
        }
        List<ReadinessResult> readiness = new ArrayList<>();
        n.path("readinessCheckResults").forEach(r -> readiness.add(readReadinessResult(r)));
        return new TaskRecord(n.get("id").asText(), AppId.parse(n.get("appId").asText()), Instant.parse(n.get("version").asText()),
                n.get("executorId").asText(), n.get("agentId").asText(), n.get("host").asText(), ports,
                TaskState.valueOf(n.get("state").asText()), health, Instant.parse(n.get("stagedAt").asText()),
                instant(n, "startedAt"), Instant.parse(n.get("updatedAt").asText()), n.get("message").asText(),
                text(n, "reason"), n.get("killRequested").asBoolean(), text(n, "executorEndpoint"),
                // a task stored before Pacer kept this: checked if it ever had a result (one still in its grace period
                // at the upgrade is taken for unchecked)
                n.has("healthChecked") ? n.get("healthChecked").asBoolean() : health.isPresent(), readiness);
    }

    private static void putInstant(ObjectNode n, String field, Optional<Instant> value) {
        value.ifPresent(v -> n.put(field, Timestamps.format(v)));
    }

    private static Optional<Instant> instant(JsonNode n, String field) {
        return text(n, field).map(Instant::parse);
    }

    private static Optional<String> text(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
    }
}
