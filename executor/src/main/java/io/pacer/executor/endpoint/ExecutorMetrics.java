package io.pacer.executor.endpoint;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
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
import io.pacer.executor.workload.Workload;
import io.pacer.executor.workload.WorkloadUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The executor's Prometheus metrics: health check latency by type and result, task state transitions, staging
 * bytes and durations, the JVM's memory, GC, threads and classes, and each running task's CPU and memory usage
 * against its limits. Only the usage gauges carry a task id, and only while the task runs (so their number is the
 * executor's running tasks, not every task it ever had).
 */
public final class ExecutorMetrics implements TaskListener, AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, String> checkTypes = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> usageGauges = new ConcurrentHashMap<>();
    private JvmGcMetrics gc;

    /**
     * Prometheus text format. The JVM's metrics start with the first scrape: binding them loads Java's management
     * classes (~160 of them, ~1 MiB in every executor), which an executor that nobody scrapes does without.
     */
    public synchronized String scrape() {
        if (gc == null) {
            gc = new JvmGcMetrics();
            gc.bindTo(registry);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
        }
        return registry.scrape();
    }

    @Override
    public void launched(TaskDescription task, Path sandbox) {
        task.healthCheck().ifPresent(check -> checkTypes.put(task.taskId(), check.probe().type()));
    }

    @Override
    public void workloadStarted(String taskId, Workload workload) {
        String cpuTime = "pacer.executor.task.cpu.time";
        String memory = "pacer.executor.task.memory";
        usageGauges.put(taskId, List.of(
                usageGauge(cpuTime, "seconds", taskId, workload, Tags.of("mode", "user"), u -> u.usage().cpusUserTimeSecs()),
                usageGauge(cpuTime, "seconds", taskId, workload, Tags.of("mode", "system"), u -> u.usage().cpusSystemTimeSecs()),
                usageGauge("pacer.executor.task.cpus.limit", null, taskId, workload, Tags.empty(), WorkloadUsage::cpusLimit),
                usageGauge(memory, "bytes", taskId, workload, Tags.of("kind", "rss"), u -> u.usage().memRssBytes()),
                usageGauge(memory, "bytes", taskId, workload, Tags.of("kind", "limit"), WorkloadUsage::memLimitBytes)));
    }

    /** A gauge of one running task's usage; NaN when it cannot be read (a container's, or just after the end). */
    private Meter usageGauge(String name, String unit, String taskId, Workload workload, Tags tags, ToDoubleFunction<WorkloadUsage> value) {
        return Gauge.builder(name, workload, w -> w.usage().map(value::applyAsDouble).orElse(Double.NaN))
                .description("A running task's CPU time, cpus and memory (docs/executor.md)").baseUnit(unit)
                .tag("task", taskId).tags(tags).register(registry);
    }

    @Override
    public void statusChanged(TaskUpdate update) {
        Counter.builder("pacer.executor.task.state.transitions").description("Task state changes reported to Mesos")
                .tag("state", update.state().name()).register(registry).increment();
        if (update.isTerminal()) {
            checkTypes.remove(update.taskId());
            List<Meter> gauges = usageGauges.remove(update.taskId());
            if (gauges != null) {
                gauges.forEach(registry::remove);
            }
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
    public synchronized void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
