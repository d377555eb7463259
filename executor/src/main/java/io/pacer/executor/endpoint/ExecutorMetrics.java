package io.pacer.executor.endpoint;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pacer.executor.health.HealthCheckResult;
import io.pacer.executor.spec.ArtifactSpec;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.task.TaskListener;
import io.pacer.executor.task.TaskUpdate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The executor's Prometheus metrics: health check latency by type and result, task state transitions, staging
 * bytes and durations, and the JVM's memory, GC, threads and classes. Tags never hold task ids (unbounded).
 */
public final class ExecutorMetrics implements TaskListener, AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, String> checkTypes = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public ExecutorMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void launched(TaskDescription task, Path sandbox) {
        task.healthCheck().ifPresent(check -> checkTypes.put(task.taskId(), check.probe().type()));
    }

    @Override
    public void statusChanged(TaskUpdate update) {
        Counter.builder("pacer.executor.task.state.transitions").description("Task state changes reported to Mesos")
                .tag("state", update.state().name()).register(registry).increment();
        if (update.isTerminal()) {
            checkTypes.remove(update.taskId());
        }
    }

    @Override
    public void healthChecked(String taskId, HealthCheckResult result) {
        Timer.builder("pacer.executor.health.check").description("Health checks run by the executor, by type and result")
                .tag("type", checkTypes.getOrDefault(taskId, "UNKNOWN"))
                .tag("result", result.healthy() ? "healthy" : "unhealthy")
                .register(registry).record(result.latency());
    }

    @Override
    public void artifactStaged(String taskId, ArtifactSpec artifact, long bytes, Duration took) {
        DistributionSummary.builder("pacer.executor.staging.bytes").baseUnit("bytes").description("Bytes fetched per staged artifact")
                .register(registry).record(bytes);
        Timer.builder("pacer.executor.staging.duration").description("Time to stage one artifact")
                .register(registry).record(took);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
