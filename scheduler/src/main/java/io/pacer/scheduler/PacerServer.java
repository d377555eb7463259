package io.pacer.scheduler;

import io.pacer.discovery.Discovery;
import io.pacer.discovery.DiscoveryConfig;
import io.pacer.executor.ClassDataArchive;
import io.pacer.executor.ExecutorJvm;
import io.pacer.scheduler.api.ApiAccess;
import io.pacer.scheduler.api.ApiServer;
import io.pacer.scheduler.api.ApiUsers;
import io.pacer.scheduler.api.AppsResource;
import io.pacer.scheduler.api.DeploymentsResource;
import io.pacer.scheduler.api.GroupsResource;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.group.GroupRepository;
import io.pacer.scheduler.api.ArtifactsResource;
import io.pacer.scheduler.api.EventsResource;
import io.pacer.scheduler.api.FailedLogins;
import io.pacer.scheduler.api.InfoResource;
import io.pacer.scheduler.api.LeaderResource;
import io.pacer.scheduler.api.MetricsResource;
import io.pacer.scheduler.api.PingResource;
import io.pacer.scheduler.api.QueueResource;
import io.pacer.scheduler.api.TasksResource;
import io.pacer.scheduler.api.WebUiResource;
import io.pacer.scheduler.api.WhoAmIResource;
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
import io.pacer.scheduler.task.ExecutorEndpointSecrets;
import io.pacer.scheduler.task.ExecutorUsagePoller;
import io.pacer.scheduler.task.TaskRepository;
import io.pacer.scheduler.time.Timestamps;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pacer.localcluster.LocalCluster;
import io.pacer.localcluster.LocalClusterConfig;
import io.pacer.localcluster.agent.StagingFetcher;
import io.pacer.localcluster.isolation.IsolationSettings;
import io.pacer.localcluster.resources.ResourceSpec;
import io.pacer.mesos.MesosDuration;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running Pacer: its state, its REST API and its framework, wired together; closing stops them all. */
public final class PacerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PacerServer.class);
    /** Where the executor jar travels inside pacer.jar, and its name in the artifact store. */
    private static final int MAX_API_REQUEST_BYTES = 1024 * 1024;
    private static final long MAX_UPLOAD_BYTES = 4L * 1024 * 1024 * 1024;
    /** A task that has run this long (healthy, when checked) clears its app's backoff. */
    private static final Duration STABLE_AFTER = Duration.ofSeconds(30);
    /** How often each executor is asked for its tasks' resource usage. */
    private static final Duration USAGE_PERIOD = Duration.ofSeconds(5);

    private final ApiServer api;
    private final Optional<Discovery> discovery;
    private final ExecutorUsagePoller usage;
    private final MesosFramework framework;
    private final Optional<LocalCluster> cluster;
    private final URI master;
    private final ApiEndpoints endpoints;

    private PacerServer(ApiServer api, ApiEndpoints endpoints, Optional<Discovery> discovery, ExecutorUsagePoller usage,
                        MesosFramework framework, Optional<LocalCluster> cluster, URI master) {
        this.api = api;
        this.endpoints = endpoints;
        this.discovery = discovery;
        this.usage = usage;
        this.framework = framework;
        this.cluster = cluster;
        this.master = master;
    }

    /**
     * An agent hands its executors nothing of its own environment (Mesos's agent only what
     * {@code --executor_environment_variables} lists), so the embedded cluster's executors learn the Docker engine
     * this Pacer was pointed at from their ExecutorInfo. On a real cluster each agent's own engine is meant.
     */
    private static ExecutorSettings withDockerHost(ExecutorSettings settings, boolean embeddedCluster) {
        String dockerHost = System.getenv("DOCKER_HOST");
        return embeddedCluster && dockerHost != null && !dockerHost.isBlank()
                ? settings.withEnvironmentVariable("DOCKER_HOST", dockerHost) : settings;
    }

    /** Starts Pacer on {@code --master}, or on an embedded local cluster in this process when there is none. */
    public static PacerServer start(PacerConfig config, String version) throws IOException, InterruptedException {
        LocalClusterConfig local = LocalClusterConfig.defaults(config.workDir().resolve("cluster")).withPort(0)
                .withAgents(config.localAgents(), ResourceSpec.parse(config.localResources()))
                .withAgentAttributes(config.localAttributes())
                .withIsolation(new IsolationSettings(config.localIsolation(), false));
        // with HTTPS, the embedded agents trust Pacer's certificate besides the JDK's trust store, as real agents
        // would once Pacer's CA is in their bundle: with --disable-http they fetch the executor jar over HTTPS
        Optional<SSLContext> agentTrust = config.https().map(h -> h.keystore().clientContextAlsoTrustingSystem());
        Optional<LocalCluster> cluster = config.master().isPresent() ? Optional.empty() : Optional.of(LocalCluster.start(local,
                new StagingFetcher(local.workDir().resolve("fetcher-cache"), agentTrust)));
        try {
            return start(config, config.master().orElseGet(() -> cluster.get().masterUri()), version, cluster);
        } catch (RuntimeException | InterruptedException e) {
            cluster.ifPresent(LocalCluster::close);
            throw e;
        }
    }

    private static PacerServer start(PacerConfig config, URI master, String version, Optional<LocalCluster> cluster)
            throws InterruptedException {
        DurableStore store = new DurableStore(config.workDir().resolve("state"));
        AppRepository apps = new AppRepository(store, config.maxVersions());
        TaskRepository tasks = new TaskRepository(store);
        DeploymentRepository deployments = new DeploymentRepository(store);
        GroupRepository groups = new GroupRepository(store, apps, config.maxVersions());
        ArtifactStore artifactStore = new ArtifactStore(config.artifactStore());
        // bound first, so that the executor's URL carries the real port (--http-port 0 picks one)
        // in-process discovery reads the API as a viewer of its own, known only to this process
        Optional<ApiUsers.User> discoveryUser = config.discovery().isPresent() && !config.httpUsers().isEmpty()
                ? Optional.of(internalViewer("pacer-discovery")) : Optional.empty();
        List<ApiUsers.User> users = new ArrayList<>(config.httpUsers());
        discoveryUser.ifPresent(users::add);
        ApiUsers apiUsers = ApiUsers.of(users);
        // made before the API, which counts failed logins in it from its first request
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FailedLogins failedLogins = new FailedLogins(config.httpMaxFailedLoginsPerMinute(), Clock.systemUTC(), registry);
        ApiServer api = new ApiServer(ApiEndpoints.listeners(config), MAX_API_REQUEST_BYTES, MAX_UPLOAD_BYTES,
                new ApiAccess(apiUsers, config.httpRealm(), failedLogins));
        ApiEndpoints endpoints = new ApiEndpoints(config, api);
        ExecutorEndpointSecrets executorSecrets = ExecutorEndpointSecrets.loadOrCreate(store);
        ExecutorUsagePoller usage = new ExecutorUsagePoller(tasks, executorSecrets, USAGE_PERIOD);
        try {
            String baseUrl = endpoints.advertisedUrl();
            HostnameCheck.problem(config.hostname(), config.master()).ifPresent(problem -> LOG.warn("{}", problem));
            ExecutorSettings executor = config.executorUri().map(ExecutorSettings::defaults)
                    .orElseGet(() -> publishExecutor(artifactStore, endpoints.agentsUrl() + ArtifactsResource.PREFIX + "/"))
                    .withEnvironmentVariable(ExecutorSettings.IDLE_TIMEOUT_VARIABLE, MesosDuration.format(config.executorIdleTimeout()))
                    .withEndpointBind(config.executorEndpointBind());
            FrameworkSettings settings = new FrameworkSettings(config.frameworkName(), System.getProperty("user.name", "root"),
                    config.hostname(), config.failoverTimeout(), baseUrl, config.mesosCredential(),
                    config.mesosRole());
            TaskInfoFactory taskInfos = new TaskInfoFactory(withDockerHost(executor, cluster.isPresent()), executorSecrets);
            // whole milliseconds: the three fraction digits Marathon's timestamps have are all there is to an instant
            Clock clock = Timestamps.millisecondClock(Clock.systemUTC());
            EventBus events = new EventBus();
            new JvmMemoryMetrics().bindTo(registry);
            new JvmGcMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            SchedulerMetrics metrics = new SchedulerMetrics(registry, apps, tasks);
            MesosFramework framework = new MesosFramework(master, settings, store,
                    calls -> new FrameworkScheduler(apps, tasks, taskInfos, calls, clock, STABLE_AFTER, config.killDrainDelay(), events,
                            metrics, deployments));
            ArtifactsResource artifacts = new ArtifactsResource(artifactStore);
            Map<String, Route> routes = new LinkedHashMap<>();
            routes.put(AppsResource.PREFIX, new AppsResource(apps, groups, tasks, framework, usage, events, clock, deployments));
            routes.put(GroupsResource.PREFIX, new GroupsResource(groups, apps, tasks, framework, usage, events, clock, deployments));
            routes.put(DeploymentsResource.PREFIX, new DeploymentsResource(deployments, framework, apps, groups, tasks, events, clock));
            routes.put(EventsResource.PREFIX, new EventsResource(events, clock).route());
            routes.put(TasksResource.PREFIX, new TasksResource(apps, tasks, framework, usage, executorSecrets, clock).route());
            routes.put(QueueResource.PREFIX, new QueueResource(apps, tasks, framework, clock, deployments));
            routes.put(ArtifactsResource.PREFIX, artifacts);
            routes.put(InfoResource.PREFIX, new InfoResource(version, config.frameworkName(), master.toString(), config.hostname(),
                    endpoints.advertisedPort(), endpoints.httpPort(), endpoints.httpsPort(), config.failoverTimeout().toSeconds(),
                    () -> framework.frameworkId().orElse("")).route());
            routes.put(LeaderResource.PREFIX, new LeaderResource(config.hostname() + ":" + endpoints.advertisedPort()).route());
            routes.put(PingResource.PREFIX, PingResource.route());
            routes.put(MetricsResource.PREFIX, new MetricsResource(registry).route());
            routes.put(WhoAmIResource.PREFIX, new WhoAmIResource(apiUsers).route());
            WebUiResource ui = new WebUiResource();
            routes.put(WebUiResource.HOME, ui.home());
            routes.put(WebUiResource.ASSETS, ui.assets());
            api.serve(routes, artifacts);
            usage.start();
            Optional<Discovery> discovery = startDiscovery(config, endpoints, discoveryUser);
            return new PacerServer(api, endpoints, discovery, usage, framework, cluster, master);
        } catch (RuntimeException e) {
            usage.close();
            api.close();
            throw e;
        }
    }

    /** Discovery in this process (--discovery): it follows this Pacer's API over loopback, as any client would. */
    private static ApiUsers.User internalViewer(String name) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return new ApiUsers.User(name, Base64.getEncoder().encodeToString(secret).getBytes(StandardCharsets.US_ASCII), ApiUsers.Role.VIEWER);
    }

    private static Optional<Discovery> startDiscovery(PacerConfig config, ApiEndpoints endpoints, Optional<ApiUsers.User> user) {
        if (config.discovery().isEmpty()) {
            return Optional.empty();
        }
        try {
            DiscoveryConfig plain = config.discovery().get().withPacer(endpoints.loopbackUrl());
            DiscoveryConfig discovery = endpoints.loopbackUrl().getScheme().equals("https")
                    ? plain.withPacerTrust(config.https().orElseThrow().keystore().pinnedClientContext()) : plain;
            return Optional.of(Discovery.start(user.map(u -> discovery.withPacerCredentials(u.name(),
                    new String(u.password(), StandardCharsets.US_ASCII))).orElse(discovery)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("discovery could not start: " + e.getMessage(), e);
        }
    }

    public Optional<Discovery> discovery() {
        return discovery;
    }

    /** The API's URL for users and logs: HTTPS when it is served. */
    public String apiUrl() {
        return endpoints.advertisedUrl();
    }

    /** The plain HTTP URL when HTTPS is the advertised one and HTTP is served too. */
    public Optional<String> alsoHttpUrl() {
        return endpoints.alsoHttpUrl();
    }

    public URI master() {
        return master;
    }

    public boolean embedded() {
        return cluster.isPresent();
    }

    /**
     * Stops the API and the usage polling, then the framework, then the embedded cluster, which stops every
     * executor and task it runs.
     */
    @Override
    public void close() {
        discovery.ifPresent(Discovery::close);
        api.close();
        usage.close();
        framework.close();
        cluster.ifPresent(LocalCluster::close);
    }

    /** Agents fetch the executor from Pacer itself unless --executor-uri says otherwise. */
    /** The executor jar carried inside pacer.jar, and its class data archive when this build has one, served to agents. */
    private static ExecutorSettings publishExecutor(ArtifactStore store, String artifactsUrl) {
        InputStream jar = PacerServer.class.getResourceAsStream("/" + ExecutorJvm.JAR_FILE);
        if (jar == null) {
            throw new IllegalStateException("this build of pacer.jar carries no executor jar: pass --executor-uri");
        }
        store.put(ExecutorJvm.JAR_FILE, jar);
        ExecutorSettings settings = ExecutorSettings.defaults(artifactsUrl + ExecutorJvm.JAR_FILE);
        InputStream archive = PacerServer.class.getResourceAsStream("/" + ClassDataArchive.FILE_NAME);
        if (archive == null) {
            LOG.warn("This build of pacer.jar carries no class data archive for the executor: executors start without one");
            return settings;
        }
        store.put(ClassDataArchive.FILE_NAME, archive);
        LOG.info("Serving the executor at {}/{} with its class data archive", ArtifactsResource.PREFIX, ExecutorJvm.JAR_FILE);
        return settings.withClassDataArchive(artifactsUrl + ClassDataArchive.FILE_NAME);
    }
}
