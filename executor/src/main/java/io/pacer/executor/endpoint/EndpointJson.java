package io.pacer.executor.endpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.pacer.cgroups.ResourceUsage;
import io.pacer.executor.endpoint.TaskJournal.StateChange;
import io.pacer.executor.endpoint.TaskJournal.TaskRecord;
import io.pacer.executor.health.HealthCheckResult;
import io.pacer.executor.health.HealthCheckSpec;
import io.pacer.executor.readiness.ReadinessCheckSpec;
import io.pacer.executor.spec.ArtifactSpec;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.workload.Workload;
import io.pacer.executor.workload.WorkloadUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The endpoint's JSON, written with jackson-core's streaming generator (no data binding on this path: it keeps
 * the executor's class count down, see shared/reference/jvm-footprint.md). Environment values are never shown,
 * only their names: they may hold secrets.
 */
final class EndpointJson {
    static final int LOG_TAIL_BYTES = 4096;
    private static final JsonFactory JSON = new JsonFactory();

    private EndpointJson() {
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    static byte[] health(String executorId, String frameworkId, Instant startedAt, List<TaskRecord> tasks) {
        return document(json -> {
            json.writeStartObject();
            json.writeStringField("executorId", executorId);
            json.writeStringField("frameworkId", frameworkId);
            json.writeStringField("startedAt", startedAt.toString());
            json.writeArrayFieldStart("tasks");
            for (TaskRecord task : tasks) {
                json.writeStartObject();
                json.writeStringField("id", task.task().taskId());
                writeCurrentState(json, task);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    static byte[] task(TaskRecord record) {
        return document(json -> {
            TaskDescription task = record.task();
            json.writeStartObject();
            json.writeStringField("id", task.taskId());
            json.writeStringField("name", task.name());
            json.writeStringField("sandbox", record.sandbox().toString());
            writeCurrentState(json, record);
            json.writeFieldName("spec");
            writeSpec(json, task);
            json.writeArrayFieldStart("states");
            for (StateChange change : record.states()) {
                json.writeStartObject();
                json.writeStringField("at", change.at().toString());
                json.writeStringField("state", change.update().state().name());
                if (change.update().reason().isPresent()) {
                    json.writeStringField("reason", change.update().reason().get().name());
                }
                json.writeStringField("message", change.update().message());
                if (change.update().healthy().isPresent()) {
                    json.writeBooleanField("healthy", change.update().healthy().get());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("health");
            for (HealthCheckResult result : record.health()) {
                writeHealthResult(json, result);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("logs");
            json.writeStringField("stdout", LogTail.of(record.sandbox().resolve("stdout"), LOG_TAIL_BYTES));
            json.writeStringField("stderr", LogTail.of(record.sandbox().resolve("stderr"), LOG_TAIL_BYTES));
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    private static void writeCurrentState(JsonGenerator json, TaskRecord task) throws IOException {
        Optional<StateChange> state = task.lastState();
        json.writeStringField("state", state.map(s -> s.update().state().name()).orElse("TASK_STAGING"));
        Optional<Boolean> healthy = task.states().stream().map(s -> s.update().healthy()).filter(Optional::isPresent)
                .map(Optional::get).reduce((first, second) -> second);
        if (healthy.isPresent()) {
            json.writeBooleanField("healthy", healthy.get());
        }
        if (task.lastHealth().isPresent()) {
            json.writeFieldName("lastHealthCheck");
            writeHealthResult(json, task.lastHealth().get());
        }
        Optional<WorkloadUsage> usage = task.workload().flatMap(Workload::usage);
        if (usage.isPresent()) {
            json.writeFieldName("usage");
            writeUsage(json, usage.get());
        }
    }

    /** Mesos's ResourceStatistics field names (as the agent's /monitor/statistics), and whether the limits are the task's own. */
    private static void writeUsage(JsonGenerator json, WorkloadUsage workload) throws IOException {
        ResourceUsage usage = workload.usage();
        json.writeStartObject();
        json.writeNumberField("timestamp", System.currentTimeMillis() / 1000.0);
        json.writeBooleanField("isolated", workload.isolated());
        json.writeNumberField("cpus_limit", workload.cpusLimit());
        json.writeNumberField("cpus_user_time_secs", usage.cpusUserTimeSecs());
        json.writeNumberField("cpus_system_time_secs", usage.cpusSystemTimeSecs());
        if (usage.throttling().isPresent()) {
            json.writeNumberField("cpus_nr_periods", usage.throttling().get().nrPeriods());
            json.writeNumberField("cpus_nr_throttled", usage.throttling().get().nrThrottled());
            json.writeNumberField("cpus_throttled_time_secs", usage.throttling().get().throttledTimeSecs());
        }
        json.writeNumberField("mem_limit_bytes", workload.memLimitBytes());
        json.writeNumberField("mem_rss_bytes", usage.memRssBytes());
        if (usage.memTotalBytes().isPresent()) {
            json.writeNumberField("mem_total_bytes", usage.memTotalBytes().getAsLong());
        }
        json.writeEndObject();
    }

    private static void writeHealthResult(JsonGenerator json, HealthCheckResult result) throws IOException {
        json.writeStartObject();
        json.writeStringField("at", result.at().toString());
        json.writeBooleanField("healthy", result.healthy());
        json.writeNumberField("latencyMs", result.latency().toNanos() / 1e6);
        json.writeStringField("detail", result.detail());
        json.writeEndObject();
    }

    private static void writeSpec(JsonGenerator json, TaskDescription task) throws IOException {
        json.writeStartObject();
        if (task.spec().command().isPresent()) {
            writeStrings(json, "command", task.spec().command().get().argv());
        }
        if (task.container().isPresent()) {
            json.writeStringField("image", task.container().get().image());
        }
        writeStrings(json, "envNames", task.spec().env().keySet().stream().sorted().toList());
        json.writeArrayFieldStart("artifacts");
        for (ArtifactSpec artifact : task.spec().artifacts()) {
            json.writeStartObject();
            json.writeStringField("uri", artifact.uri());
            json.writeBooleanField("extract", artifact.extract());
            json.writeBooleanField("executable", artifact.executable());
            json.writeBooleanField("cache", artifact.cache());
            if (artifact.outputFile().isPresent()) {
                json.writeStringField("outputFile", artifact.outputFile().get());
            }
            if (artifact.sha256().isPresent()) {
                json.writeStringField("sha256", artifact.sha256().get());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("ports");
        for (int port : task.resources().ports()) {
            json.writeNumber(port);
        }
        json.writeEndArray();
        if (task.spec().appId().isPresent()) {
            json.writeStringField("appId", task.spec().appId().get());
        }
        if (task.spec().appVersion().isPresent()) {
            json.writeStringField("appVersion", task.spec().appVersion().get());
        }
        if (task.healthCheck().isPresent()) {
            HealthCheckSpec check = task.healthCheck().get();
            json.writeObjectFieldStart("healthCheck");
            json.writeStringField("type", check.probe().type());
            json.writeStringField("target", check.probe().target());
            json.writeNumberField("delaySeconds", check.delay().toMillis() / 1000.0);
            json.writeNumberField("intervalSeconds", check.interval().toMillis() / 1000.0);
            json.writeNumberField("timeoutSeconds", check.timeout().map(t -> t.toMillis() / 1000.0).orElse(0.0));
            json.writeNumberField("consecutiveFailures", check.consecutiveFailures());
            json.writeNumberField("gracePeriodSeconds", check.gracePeriod().toMillis() / 1000.0);
            json.writeEndObject();
        }
        if (!task.spec().readinessChecks().isEmpty()) {
            json.writeArrayFieldStart("readinessChecks");
            for (ReadinessCheckSpec check : task.spec().readinessChecks()) {
                json.writeStartObject();
                json.writeStringField("name", check.name());
                json.writeStringField("target", check.probe().target());
                json.writeNumberField("intervalSeconds", check.interval().toSeconds());
                json.writeNumberField("timeoutSeconds", check.timeout().toSeconds());
                json.writeArrayFieldStart("httpStatusCodesForReady");
                for (int status : new java.util.TreeSet<>(check.probe().statuses())) {
                    json.writeNumber(status);
                }
                json.writeEndArray();
                json.writeBooleanField("preserveLastResponse", check.preserveLastResponse());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (task.killGracePeriod().isPresent()) {
            json.writeNumberField("killGracePeriodSeconds", task.killGracePeriod().get().toMillis() / 1000.0);
        }
        json.writeObjectFieldStart("labels");
        for (Map.Entry<String, String> label : task.labels().entrySet()) {
            json.writeStringField(label.getKey(), label.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeStrings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private static byte[] document(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
