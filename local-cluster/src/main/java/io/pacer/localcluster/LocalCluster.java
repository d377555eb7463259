package io.pacer.localcluster;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.pacer.localcluster.agent.Agent;
import io.pacer.localcluster.agent.ExecutorEndpoint;
import io.pacer.localcluster.agent.ExecutorTokens;
import io.pacer.localcluster.agent.StatisticsEndpoint;
import io.pacer.localcluster.agent.ExecutorFetcher;
import io.pacer.localcluster.agent.StagingFetcher;
import io.pacer.localcluster.http.HttpServer;
import io.pacer.localcluster.master.Master;
import io.pacer.localcluster.master.SchedulerEndpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Mesos-compatible master and its agents in this process, speaking the v1 scheduler API at
 * {@link #masterUri()} and the v1 executor API on each agent's port. Start it, point a scheduler at it, close it.
 */
public final class LocalCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    /** Longer than any shutdown grace period Pacer gives (30 s); the agents kill executors at the end of theirs. */
    private static final Duration EXECUTOR_SHUTDOWN_WAIT = Duration.ofSeconds(60);

    private final ClusterLoop loop;
    private final EventLoopGroup network;
    private final HttpServer masterServer;
    private final List<HttpServer> agentServers;
    private final List<Agent> agents;
    private final URI masterUri;

    private LocalCluster(ClusterLoop loop, EventLoopGroup network, HttpServer masterServer, List<HttpServer> agentServers,
                         List<Agent> agents, URI masterUri) {
        this.loop = loop;
        this.network = network;
        this.masterServer = masterServer;
        this.agentServers = agentServers;
        this.agents = agents;
        this.masterUri = masterUri;
    }

    /**
     * Starts the master and {@code config.agents()} agents. An agent whose work dir holds checkpoints of an earlier
     * run keeps its id and port and recovers the executors that are still running.
     */
    public static LocalCluster start(LocalClusterConfig config) throws IOException, InterruptedException {
        return start(config, new StagingFetcher(config.workDir().resolve("fetcher-cache")));
    }

    public static LocalCluster start(LocalClusterConfig config, ExecutorFetcher fetcher) throws IOException, InterruptedException {
        ClusterLoop loop = new ClusterLoop(config.clock());
        EventLoopGroup network = new NioEventLoopGroup(2, new DefaultThreadFactory("local-cluster-http", true));
        List<HttpServer> servers = new ArrayList<>();
        try {
            HttpServer masterServer = HttpServer.start(network, config.host(), config.port());
            servers.add(masterServer);
            Master master = new Master(config, loop, Master.masterInfo(config.host(), masterServer.port()));
            // one key for the whole cluster, kept in its work dir: recovered executors' tokens stay valid
            Optional<ExecutorTokens> executorTokens = config.authenticateExecutors()
                    ? Optional.of(ExecutorTokens.loadOrCreate(config.workDir().resolve("executor-secret-key"))) : Optional.empty();
            List<Agent> agents = new ArrayList<>();
            List<HttpServer> agentServers = new ArrayList<>();
            for (int i = 0; i < config.agents(); i++) {
                Path workDir = config.workDir().resolve("agent-" + i);
                Optional<AgentInfo> previous = Agent.checkpointed(workDir);
                HttpServer server = HttpServer.start(network, config.host(), previous.map(AgentInfo::getPort).orElse(0));
                servers.add(server);
                agentServers.add(server);
                AgentInfo info = AgentInfo.newBuilder()
                        .setId(previous.map(AgentInfo::getId).orElse(AgentID.newBuilder().setValue(master.info().getId() + "-S" + i).build()))
                        .setHostname(config.host())
                        .setPort(server.port())
                        .addAllResources(config.agentResources().toProtos(null))
                        .addAllAttributes(config.agentAttributes().of(i))
                        .build();
                Agent agent = Agent.create(new Agent.Settings(workDir, config.host(), config.executorRegistrationTimeout(),
                        config.executorReregistrationTimeout(), config.executorShutdownGracePeriod(), config.recoveryTimeout(),
                        config.executorHeartbeatInterval(), config.statusUpdateRetryInitial(), config.statusUpdateRetryMax(),
                        config.isolation(), executorTokens), loop, master, fetcher, info);
                agents.add(agent);
            }
            LOG.info("{}", agents.get(0).isolation());
            loop.await(() -> {
                agents.forEach(master::addAgent);
                agents.forEach(Agent::recover);
                master.start();
                return null;
            });
            // Executors (recovered ones retrying already) are served only once recovery is done.
            for (int i = 0; i < agents.size(); i++) {
                ExecutorEndpoint endpoint = new ExecutorEndpoint(agents.get(i), loop);
                agentServers.get(i).route("/api/v1/executor", endpoint);
                agentServers.get(i).route("/slave(1)/api/v1/executor", endpoint);
                StatisticsEndpoint statistics = new StatisticsEndpoint(agents.get(i), loop);
                for (String path : List.of("/monitor/statistics", "/monitor/statistics.json", "/slave(1)/monitor/statistics")) {
                    agentServers.get(i).route(path, statistics);
                }
            }
            SchedulerEndpoint scheduler = new SchedulerEndpoint(master, loop, config.frameworkCredentials());
            masterServer.route("/api/v1/scheduler", scheduler);
            masterServer.route("/master/api/v1/scheduler", scheduler);
            URI uri = URI.create("http://" + config.host() + ":" + masterServer.port());
            LOG.info("Local cluster master at {} with {} agent(s)", uri, agents.size());
            return new LocalCluster(loop, network, masterServer, agentServers, agents, uri);
        } catch (IOException | InterruptedException | RuntimeException e) {
            servers.forEach(HttpServer::close);
            network.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            loop.close();
            throw e;
        }
    }

    /** The master's base address, e.g. {@code http://127.0.0.1:5050}; the scheduler API is at {@code /api/v1/scheduler}. */
    public URI masterUri() {
        return masterUri;
    }

    /** The agents' infos (id, hostname, port, resources), in order. */
    public List<AgentInfo> agents() {
        return agents.stream().map(Agent::info).toList();
    }

    /**
     * Stops the cluster and every executor it started: each is sent SHUTDOWN and given its shutdown grace period to
     * end its tasks (the agent kills it when that runs out), and whatever is still running then is killed.
     */
    @Override
    public void close() {
        shutDownExecutors();
        stop(true);
    }

    /**
     * Stops the cluster as an agent process that dies would: executors of checkpointing frameworks keep running,
     * and a cluster started again on the same work dir recovers them. Others are killed.
     */
    public void closeKeepingCheckpointedExecutors() {
        stop(false);
    }

    private void shutDownExecutors() {
        try {
            loop.await(() -> {
                agents.forEach(Agent::shutdownAll);
                return null;
            });
            // The agents' own timers kill executors at the end of their grace periods; this only bounds the wait.
            long deadline = System.nanoTime() + EXECUTOR_SHUTDOWN_WAIT.toNanos();
            while (loop.await(() -> agents.stream().anyMatch(Agent::hasLiveExecutors)) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Shutting down executors failed", e);
        }
    }

    private void stop(boolean killAll) {
        try {
            loop.await(() -> {
                agents.forEach(killAll ? Agent::killAll : Agent::killUncheckpointed);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Stopping executors failed", e);
        }
        agentServers.forEach(HttpServer::close);
        masterServer.close();
        network.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        loop.close();
        LOG.info("Local cluster at {} stopped{}", masterUri, killAll ? "" : ", executors of checkpointing frameworks left running");
    }
}
