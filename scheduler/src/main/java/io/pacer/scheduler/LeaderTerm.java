package io.pacer.scheduler;

import io.micrometer.core.instrument.MeterRegistry;
import io.pacer.scheduler.api.AppsResource;
import io.pacer.scheduler.api.DeploymentsResource;
import io.pacer.scheduler.api.EventsResource;
import io.pacer.scheduler.api.GroupsResource;
import io.pacer.scheduler.api.InfoResource;
import io.pacer.scheduler.api.QueueResource;
import io.pacer.scheduler.api.Route;
import io.pacer.scheduler.api.TasksResource;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.events.EventBus;
import io.pacer.scheduler.group.GroupRepository;
import io.pacer.scheduler.launch.ExecutorSettings;
import io.pacer.scheduler.launch.FrameworkIdGuard;
import io.pacer.scheduler.launch.FrameworkScheduler;
import io.pacer.scheduler.launch.FrameworkSettings;
import io.pacer.scheduler.launch.MesosFramework;
import io.pacer.scheduler.launch.SchedulerMetrics;
import io.pacer.scheduler.launch.TaskInfoFactory;
import io.pacer.scheduler.store.StateStore;
import io.pacer.scheduler.task.ExecutorEndpointSecrets;
import io.pacer.scheduler.task.ExecutorUsagePoller;
import io.pacer.scheduler.task.TaskRepository;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a leading Pacer runs on its state, from the moment it leads until it stops leading: the repositories loaded
 * from the store, the framework subscribed to Mesos with the stored framework id, and the API routes over them. A
 * Pacer without ZooKeeper has one term for its whole life; an elected one a term per election it wins.
 */
final class LeaderTerm {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderTerm.class);
    /** A task that has run this long (healthy, when checked) clears its app's backoff. */
    private static final Duration STABLE_AFTER = Duration.ofSeconds(30);
    /** How often each executor is asked for its tasks' resource usage. */
    private static final Duration USAGE_PERIOD = Duration.ofSeconds(5);

    /** What every term of one Pacer shares: its settings and what it serves besides its state. */
    record Context(PacerConfig config, URI master, String version, FrameworkSettings framework, ExecutorSettings executor,
                   Clock clock, MeterRegistry registry, int advertisedPort, OptionalInt httpPort, OptionalInt httpsPort,
                   Consumer<String> fatal) {
    }

    private final Map<String, Route> routes;
    private final MesosFramework framework;
    private final ExecutorUsagePoller usage;
    private final EventBus events;
    private final SchedulerMetrics metrics;

    private LeaderTerm(Map<String, Route> routes, MesosFramework framework, ExecutorUsagePoller usage, EventBus events,
                       SchedulerMetrics metrics) {
        this.routes = routes;
        this.framework = framework;
        this.usage = usage;
        this.events = events;
        this.metrics = metrics;
    }

    /** Loads the state from {@code store} and starts acting on it: the framework subscribes, the routes answer. */
    static LeaderTerm start(Context context, StateStore store) {
        long started = System.nanoTime();
        PacerConfig config = context.config();
        AppRepository apps = new AppRepository(store, config.maxVersions());
        TaskRepository tasks = new TaskRepository(store);
        DeploymentRepository deployments = new DeploymentRepository(store);
        GroupRepository groups = new GroupRepository(store, apps, config.maxVersions());
        ExecutorEndpointSecrets executorSecrets = ExecutorEndpointSecrets.loadOrCreate(store);
        int appCount = apps.all().size();
        int taskCount = tasks.all().size();
        LOG.info("Loaded the state from {} in {} ms: {} apps, {} tasks, {} deployments", store,
                (System.nanoTime() - started) / 1_000_000, appCount, taskCount, deployments.all().size());
        FrameworkIdGuard.refusal(MesosFramework.storedId(store), appCount, taskCount, config.newFramework()).ifPresent(why -> {
            throw new RefusedStateException(why);
        });
        EventBus events = new EventBus();
        Clock clock = context.clock();
        SchedulerMetrics metrics = new SchedulerMetrics(context.registry(), apps, tasks);
        TaskInfoFactory taskInfos = new TaskInfoFactory(context.executor(), executorSecrets);
        MesosFramework framework = new MesosFramework(context.master(), context.framework(), store,
                calls -> new FrameworkScheduler(apps, tasks, taskInfos, calls, clock, STABLE_AFTER, config.killDrainDelay(), events,
                        metrics, deployments), context.fatal());
        ExecutorUsagePoller usage = new ExecutorUsagePoller(tasks, executorSecrets, USAGE_PERIOD);
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(AppsResource.PREFIX, new AppsResource(apps, groups, tasks, framework, usage, events, clock, deployments));
        routes.put(GroupsResource.PREFIX, new GroupsResource(groups, apps, tasks, framework, usage, events, clock, deployments));
        routes.put(DeploymentsResource.PREFIX, new DeploymentsResource(deployments, framework, apps, groups, tasks, events, clock));
        routes.put(EventsResource.PREFIX, new EventsResource(events, clock).route());
        routes.put(TasksResource.PREFIX, new TasksResource(apps, tasks, framework, usage, executorSecrets, clock).route());
        routes.put(QueueResource.PREFIX, new QueueResource(apps, tasks, framework, clock, deployments));
        routes.put(InfoResource.PREFIX, new InfoResource(context.version(), config.frameworkName(), context.master().toString(),
                config.hostname(), context.advertisedPort(), context.httpPort(), context.httpsPort(),
                config.failoverTimeout().toSeconds(), () -> framework.frameworkId().orElse("")).route());
        usage.start();
        return new LeaderTerm(Map.copyOf(routes), framework, usage, events, metrics);
    }

    Map<String, Route> routes() {
        return routes;
    }

    /** Pacer stops: the framework sends the kills it owes first (MesosFramework.close). */
    void stop() {
        usage.close();
        framework.close();
        end();
    }

    /** Leadership is gone: nothing more is sent or written; the new leader owes what this term did not send. */
    void abandon() {
        usage.close();
        framework.abandon();
        end();
    }

    private void end() {
        events.close();
        metrics.close();
    }
}
