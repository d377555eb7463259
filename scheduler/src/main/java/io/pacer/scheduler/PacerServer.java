package io.pacer.scheduler;

import io.pacer.discovery.Discovery;
import io.pacer.discovery.DiscoveryConfig;
import io.pacer.executor.ClassDataArchive;
import io.pacer.executor.ExecutorJvm;
import io.pacer.scheduler.api.ApiAccess;
import io.pacer.scheduler.api.ApiServer;
import io.pacer.scheduler.api.ApiUsers;
import io.pacer.scheduler.api.ArtifactsResource;
import io.pacer.scheduler.api.FailedLogins;
import io.pacer.scheduler.api.LeaderProxy;
import io.pacer.scheduler.api.LeaderResource;
import io.pacer.scheduler.api.Leadership;
import io.pacer.scheduler.api.MetricsResource;
import io.pacer.scheduler.api.PingResource;
import io.pacer.scheduler.api.Route;
import io.pacer.scheduler.api.WebUiResource;
import io.pacer.scheduler.api.WhoAmIResource;
import io.pacer.scheduler.artifacts.ArtifactStore;
import io.pacer.scheduler.launch.ExecutorSettings;
import io.pacer.scheduler.launch.FrameworkSettings;
import io.pacer.scheduler.store.DurableStore;
import io.pacer.scheduler.store.ZooKeeperStore;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running Pacer: its state, its REST API and its framework, wired together; closing stops them all. */
public final class PacerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PacerServer.class);
    /** Where the executor jar travels inside pacer.jar, and its name in the artifact store. */
    private static final int MAX_API_REQUEST_BYTES = 1024 * 1024;
    private static final long MAX_UPLOAD_BYTES = 4L * 1024 * 1024 * 1024;

    private final ApiServer api;
    private final Optional<Discovery> discovery;
    private final Optional<LeaderTerm> soleTerm;
    private final Optional<ElectedLeadership> elected;
    private final Optional<ZooKeeperStore> zk;
    private final Optional<LocalCluster> cluster;
    private final URI master;
    private final ApiEndpoints endpoints;

    private PacerServer(ApiServer api, ApiEndpoints endpoints, Optional<Discovery> discovery, Optional<LeaderTerm> soleTerm,
                        Optional<ElectedLeadership> elected, Optional<ZooKeeperStore> zk, Optional<LocalCluster> cluster, URI master) {
        this.api = api;
        this.endpoints = endpoints;
        this.discovery = discovery;
        this.soleTerm = soleTerm;
        this.elected = elected;
        this.zk = zk;
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

    /**
     * Starts Pacer on {@code --master}, or on an embedded local cluster in this process when there is none.
     *
     * @param fatal told why, when this Pacer must stop on its own (Mesos removed its framework; an elected Pacer
     *              found a state it must not act on): Main exits
     * @throws RefusedStateException when the state is one this Pacer must not act on
     */
    public static PacerServer start(PacerConfig config, String version, Consumer<String> fatal) throws IOException, InterruptedException {
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
            return start(config, config.master().orElseGet(() -> cluster.get().masterUri()), version, cluster, fatal);
        } catch (RuntimeException | InterruptedException e) {
            cluster.ifPresent(LocalCluster::close);
            throw e;
        }
    }

    private static PacerServer start(PacerConfig config, URI master, String version, Optional<LocalCluster> cluster,
                                     Consumer<String> fatal) throws InterruptedException {
        Optional<ZooKeeperStore> zk = config.zkState().map(ZooKeeperStore::new);
        try {
            return start(config, master, version, cluster, fatal, zk);
        } catch (RuntimeException | InterruptedException e) {
            zk.ifPresent(ZooKeeperStore::close);
            throw e;
        }
    }

    private static PacerServer start(PacerConfig config, URI master, String version, Optional<LocalCluster> cluster,
                                     Consumer<String> fatal, Optional<ZooKeeperStore> zk) throws InterruptedException {
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
        Optional<ElectedLeadership> elected = Optional.empty();
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
            new JvmMemoryMetrics().bindTo(registry);
            new JvmGcMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            // whole milliseconds: the three fraction digits Marathon's timestamps have are all there is to an instant
            LeaderTerm.Context context = new LeaderTerm.Context(config, master, version, settings,
                    withDockerHost(executor, cluster.isPresent()), Timestamps.millisecondClock(Clock.systemUTC()), registry,
                    endpoints.advertisedPort(), endpoints.httpPort(), endpoints.httpsPort(), fatal);
            String hostPort = config.hostname() + ":" + endpoints.advertisedPort();
            Map<String, String> leaderHeader = Map.of(LeaderProxy.LEADER, baseUrl);
            ArtifactsResource artifacts = new ArtifactsResource(artifactStore);
            Map<String, Route> shared = new LinkedHashMap<>();
            shared.put(ArtifactsResource.PREFIX, artifacts);
            shared.put(PingResource.PREFIX, PingResource.route());
            shared.put(MetricsResource.PREFIX, new MetricsResource(registry).route());
            shared.put(WhoAmIResource.PREFIX, new WhoAmIResource(apiUsers).route());
            WebUiResource ui = new WebUiResource();
            shared.put(WebUiResource.HOME, ui.home());
            shared.put(WebUiResource.ASSETS, ui.assets());
            Optional<LeaderTerm> sole = Optional.empty();
            if (zk.isEmpty()) {
                LeaderTerm term = LeaderTerm.start(context, new DurableStore(config.workDir().resolve("state")));
                sole = Optional.of(term);
                Map<String, Route> routes = new LinkedHashMap<>(shared);
                routes.putAll(term.routes());
                routes.put(LeaderResource.PREFIX, new LeaderResource(Leadership.sole(hostPort), request -> null).route());
                api.serve(routes, artifacts, leaderHeader);
            } else {
                elected = Optional.of(elect(zk.get(), config, context, hostPort, api, shared, artifacts, leaderHeader,
                        endpoints.advertisedUrl().startsWith("https") ? "https" : "http"));
            }
            Optional<Discovery> discovery = startDiscovery(config, endpoints, discoveryUser);
            return new PacerServer(api, endpoints, discovery, sole, elected, zk, cluster, master);
        } catch (RuntimeException e) {
            elected.ifPresent(ElectedLeadership::close);
            api.close();
            throw e;
        }
    }

    /**
     * Joins the election: a standby relays every request but /ping, /v2/leader and artifacts to the leader; once
     * elected, this Pacer serves its term's routes as the single Pacer does.
     */
    private static ElectedLeadership elect(ZooKeeperStore zk, PacerConfig config, LeaderTerm.Context context, String hostPort,
                                           ApiServer api, Map<String, Route> shared, ArtifactsResource artifacts,
                                           Map<String, String> leaderHeader, String scheme) {
        ElectedLeadership leadership = new ElectedLeadership(zk, config.zkElectionPath().orElseThrow(), hostPort, context);
        LeaderProxy proxy = new LeaderProxy(leadership, hostPort, scheme,
                LeaderProxy.client(config.https().map(h -> h.keystore().clientContextAlsoTrustingSystem())), api.asRoute());
        Route leaderRoute = new LeaderResource(leadership, proxy).route();
        ElectedLeadership.Serving serving = new ElectedLeadership.Serving() {
            @Override
            public void asLeader(Map<String, Route> termRoutes) {
                Map<String, Route> routes = new LinkedHashMap<>(shared);
                routes.putAll(termRoutes);
                routes.put(LeaderResource.PREFIX, leaderRoute);
                api.serve(routes, artifacts, leaderHeader);
            }

            @Override
            public void asStandby() {
                Map<String, Route> routes = new LinkedHashMap<>();
                routes.put("/", proxy);
                routes.put(PingResource.PREFIX, PingResource.route());
                routes.put(LeaderResource.PREFIX, leaderRoute);
                routes.put(ArtifactsResource.PREFIX, artifacts);
                api.serve(routes, artifacts);
            }
        };
        leadership.start(serving);
        return leadership;
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
     * Stops discovery, the leader term (its framework sends the kills it owes) and the API, then the embedded
     * cluster, which stops every executor and task it runs.
     */
    @Override
    public void close() {
        discovery.ifPresent(Discovery::close);
        // an elected leader sends the kills it owes and leaves the election while its API still listens: a standby
        // takes a port that refuses connections for a dead leader's (DeadLeaderWatch)
        elected.ifPresent(ElectedLeadership::close);
        api.close();
        soleTerm.ifPresent(LeaderTerm::stop);
        zk.ifPresent(ZooKeeperStore::close);
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
