package io.pacer.scheduler.launch;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.task.TaskRepository;
import org.apache.mesos.v1.Protos.TaskState;

/** What the scheduler counts, for /metrics: offers, launches, kills, status updates by state, apps and tasks. */
public final class SchedulerMetrics {
    private final MeterRegistry registry;
    private final Counter offers;
    private final Counter launches;
    private final Counter kills;
    private final List<Gauge> gauges;

    public SchedulerMetrics(MeterRegistry registry, AppRepository apps, TaskRepository tasks) {
        this.registry = registry;
        this.offers = Counter.builder("pacer.scheduler.offers").description("offers received").register(registry);
        this.launches = Counter.builder("pacer.scheduler.tasks.launched").description("tasks sent to Mesos").register(registry);
        this.kills = Counter.builder("pacer.scheduler.tasks.killed").description("kills sent to Mesos").register(registry);
        this.gauges = List.of(
                Gauge.builder("pacer.apps", apps, a -> a.all().size()).description("apps defined").register(registry),
                Gauge.builder("pacer.tasks", tasks, t -> t.all().size()).description("tasks launched and not yet ended").register(registry));
    }

    /** Removes the gauges, which read this term's repositories: the next leader term registers its own. */
    public void close() {
        gauges.forEach(registry::remove);
    }

    void offerReceived() {
        offers.increment();
    }

    void launched() {
        launches.increment();
    }

    void killed() {
        kills.increment();
    }

    void statusUpdate(TaskState state) {
        registry.counter("pacer.scheduler.status.updates", "state", state.name()).increment();
    }
}
