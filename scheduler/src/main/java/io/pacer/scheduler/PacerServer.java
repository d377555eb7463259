package io.pacer.scheduler;

import io.pacer.scheduler.api.ApiServer;
import io.pacer.scheduler.api.AppsResource;
import io.pacer.scheduler.api.ArtifactsResource;
import io.pacer.scheduler.api.EventsResource;
import io.pacer.scheduler.api.InfoResource;
import io.pacer.scheduler.api.MetricsResource;
import io.pacer.scheduler.api.PingResource;
import io.pacer.scheduler.api.QueueResource;
import io.pacer.scheduler.api.TasksResource;
import io.pacer.scheduler.api.Route;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.artifacts.ArtifactStore;
import io.pacer.scheduler.events.EventBus;
import io.pacer.scheduler.launch.ExecutorSettings;
import io.pacer.scheduler.launch.FrameworkScheduler;
import io.pacer.scheduler.launch.FrameworkSettings;
import io.pacer.scheduler.launch.MesosFramework;
import io.pacer.scheduler.launch.SchedulerMetrics;
import io.pacer.scheduler.launch.TaskInfoFactory;
import io.pacer.scheduler.store.DurableStore;
import io.pacer.scheduler.task.TaskRepository;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running Pacer: its state, its REST API and its framework, wired together; closing stops them all. */
public final class PacerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PacerServer.class);
    /** Where the executor jar travels inside pacer.jar, and its name in the artifact store. */
    public static final String EXECUTOR_JAR = "pacer-executor.jar";
    private static final int MAX_API_REQUEST_BYTES = 1024 * 1024;
    private static final long MAX_UPLOAD_BYTES = 4L * 1024 * 1024 * 1024;
    /** A task that has run this long (healthy, when checked) clears its app's backoff. */
    private static final Duration STABLE_AFTER = Duration.ofSeconds(30);

    private final ApiServer api;
    private final MesosFramework framework;

    private PacerServer(ApiServer api, MesosFramework framework) {
        this.api = api;
        this.framework = framework;
    }

    public static PacerServer start(PacerConfig config, URI master, String version) throws InterruptedException {
        DurableStore store = new DurableStore(config.workDir().resolve("state"));
        AppRepository apps = new AppRepository(store);
        TaskRepository tasks = new TaskRepository(store);
        ArtifactStore artifactStore = new ArtifactStore(config.artifactStore());
        // bound first, so that the executor's URL carries the real port (--http-port 0 picks one)
        ApiServer api = new ApiServer(config.httpHost(), config.httpPort(), MAX_API_REQUEST_BYTES, MAX_UPLOAD_BYTES);
        try {
            String baseUrl = "http://" + config.hostname() + ":" + api.port();
            String executorUri = config.executorUri().orElseGet(() -> {
                publishExecutorJar(artifactStore);
                return baseUrl + ArtifactsResource.PREFIX + "/" + EXECUTOR_JAR;
            });
            FrameworkSettings settings = new FrameworkSettings(config.frameworkName(), System.getProperty("user.name", "root"),
                    config.hostname(), config.failoverTimeout(), baseUrl);
            TaskInfoFactory taskInfos = new TaskInfoFactory(ExecutorSettings.defaults(executorUri));
            Clock clock = Clock.systemUTC();
            EventBus events = new EventBus();
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmGcMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            SchedulerMetrics metrics = new SchedulerMetrics(registry, apps, tasks);
            MesosFramework framework = new MesosFramework(master, settings, store,
                    calls -> new FrameworkScheduler(apps, tasks, taskInfos, calls, clock, STABLE_AFTER, events, metrics));
            ArtifactsResource artifacts = new ArtifactsResource(artifactStore);
            Map<String, Route> routes = new LinkedHashMap<>();
            routes.put(AppsResource.PREFIX, new AppsResource(apps, tasks, framework, events, clock));
            routes.put(EventsResource.PREFIX, new EventsResource(events, clock));
            routes.put(TasksResource.PREFIX, new TasksResource(apps, tasks, framework));
            routes.put(QueueResource.PREFIX, new QueueResource(apps, tasks, framework, clock));
            routes.put(ArtifactsResource.PREFIX, artifacts);
            routes.put(InfoResource.PREFIX, new InfoResource(version, config.frameworkName(), master.toString(), config.hostname(),
                    api.port(), config.failoverTimeout().toSeconds(), () -> framework.frameworkId().orElse("")));
            routes.put(PingResource.PREFIX, new PingResource());
            routes.put(MetricsResource.PREFIX, new MetricsResource(registry));
            api.serve(routes, artifacts);
            return new PacerServer(api, framework);
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    public int httpPort() {
        return api.port();
    }

    @Override
    public void close() {
        api.close();
        framework.close();
    }

    /** Agents fetch the executor from Pacer itself unless --executor-uri says otherwise. */
    private static void publishExecutorJar(ArtifactStore store) {
        InputStream jar = PacerServer.class.getResourceAsStream("/" + EXECUTOR_JAR);
        if (jar == null) {
            throw new IllegalStateException("this build of pacer.jar carries no executor jar: pass --executor-uri");
        }
        store.put(EXECUTOR_JAR, jar);
        LOG.info("Serving the executor at {}/{}", ArtifactsResource.PREFIX, EXECUTOR_JAR);
    }
}
