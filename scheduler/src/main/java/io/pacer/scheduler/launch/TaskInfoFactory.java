package io.pacer.scheduler.launch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.pacer.executor.ClassDataArchive;
import io.pacer.executor.ExecutorJvm;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppJsonWriter;
import io.pacer.scheduler.app.ContainerSpec;
import io.pacer.scheduler.app.FetchUri;
import io.pacer.scheduler.app.HealthCheckSpec;
import io.pacer.scheduler.app.PortDefinition;
import io.pacer.scheduler.app.ReadinessCheckSpec;
import io.pacer.scheduler.task.ExecutorEndpointSecrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Volume;

/**
 * Builds the TaskInfo that launches one instance of an app through the Pacer executor (design: "The flow of one
 * app", step 3): the app's spec in the TaskInfo fields Mesos has (resources, health_check, kill_policy, labels,
 * container) and the rest as JSON in {@code data}, as docs/task-spec.md defines it.
 */
public final class TaskInfoFactory {
    /** The spec's field with the executor's endpoint secret (docs/task-spec.md); the executor never shows it. */
    public static final String ENDPOINT_SECRET_FIELD = "endpointSecret";
    private final ExecutorSettings executor;
    private final ExecutorEndpointSecrets endpointSecrets;

    public TaskInfoFactory(ExecutorSettings executor, ExecutorEndpointSecrets endpointSecrets) {
        this.executor = executor;
        this.endpointSecrets = endpointSecrets;
    }

    public ExecutorSettings executorSettings() {
        return executor;
    }

    /** Marathon's task id form: the app id with '/' as '_', a dot, then a UUID ({@code prod_web.6f1c...}). */
    public static TaskID newTaskId(AppDefinition app) {
        return TaskID.newBuilder().setValue(String.join("_", app.id().segments()) + "." + UUID.randomUUID()).build();
    }

    public TaskInfo build(AppDefinition app, TaskID taskId, FrameworkID frameworkId, AgentID agentId, List<Integer> hostPorts) {
        TaskInfo.Builder task = TaskInfo.newBuilder()
                .setName(app.id().path())
                .setTaskId(taskId)
                .setAgentId(agentId)
                .addResources(OfferResources.scalar("cpus", app.cpus()))
                .addResources(OfferResources.scalar("mem", app.mem()))
                .setExecutor(executorInfo(app, frameworkId))
                .setData(ByteString.copyFrom(spec(app, hostPorts)
                        .put(ENDPOINT_SECRET_FIELD, endpointSecrets.secretOf(executorId(app))).toString(), StandardCharsets.UTF_8));
        if (app.disk() > 0) {
            task.addResources(OfferResources.scalar("disk", app.disk()));
        }
        if (!hostPorts.isEmpty()) {
            task.addResources(OfferResources.portsResource(hostPorts));
        }
        app.healthChecks().stream().findFirst().ifPresent(h -> task.setHealthCheck(healthCheck(h, hostPorts)));
        app.taskKillGracePeriodSeconds().ifPresent(g -> task.setKillPolicy(KillPolicy.newBuilder()
                .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(g * 1_000_000_000L))));
        if (!app.labels().isEmpty()) {
            Labels.Builder labels = Labels.newBuilder();
            new java.util.TreeMap<>(app.labels()).forEach((k, v) -> labels.addLabels(Label.newBuilder().setKey(k).setValue(v)));
            task.setLabels(labels);
        }
        app.container().ifPresent(c -> task.setContainer(container(c, hostPorts)));
        return task.build();
    }

    /**
     * The same for every instance of one app configuration on an agent, so that they share one executor (Mesos
     * refuses a different ExecutorInfo under an id it runs). Scaling does not change the configuration.
     * The endpoint secret travels in each TaskInfo's {@code data}, not here: the master's and agent's /state show an
     * ExecutorInfo's command (its environment) and labels (src/common/http.cpp), and Mesos prints both ExecutorInfos
     * whole, {@code data} included, in its "ExecutorInfo is not compatible" TASK_ERROR (src/master/validation.cpp),
     * whose message reaches Pacer's events and logs; a TaskInfo's data is in neither.
     */
    public ExecutorInfo executorInfo(AppDefinition app, FrameworkID frameworkId) {
        Environment.Builder env = Environment.newBuilder();
        new java.util.TreeMap<>(executor.environment()).forEach((k, v) ->
                env.addVariables(Environment.Variable.newBuilder().setName(k).setValue(v)));
        return ExecutorInfo.newBuilder()
                .setType(ExecutorInfo.Type.CUSTOM)
                .setExecutorId(ExecutorID.newBuilder().setValue(mesosExecutorId(app)))
                .setFrameworkId(frameworkId)
                .setName("pacer-executor " + app.id())
                .setCommand(executorCommand().setEnvironment(env))
                .addResources(OfferResources.scalar("cpus", executor.cpus()))
                .addResources(OfferResources.scalar("mem", executor.mem()))
                .setShutdownGracePeriod(DurationInfo.newBuilder().setNanoseconds(executor.shutdownGracePeriod().toNanos()))
                .build();
    }

    /** The jar, and its class data archive when there is one, both cached by the agent's fetcher. */
    private CommandInfo.Builder executorCommand() {
        CommandInfo.Builder command = CommandInfo.newBuilder().setShell(true).setValue(executor.command())
                .addUris(cachedFile(executor.jarUri(), ExecutorJvm.JAR_FILE));
        executor.classDataArchiveUri().ifPresent(uri -> command.addUris(cachedFile(uri, ClassDataArchive.FILE_NAME)));
        return command;
    }

    private static CommandInfo.URI cachedFile(String uri, String fileName) {
        return CommandInfo.URI.newBuilder().setValue(uri).setExtract(false).setCache(true).setOutputFile(fileName).build();
    }

    /** {@code pacer.prod_web.<12 hex digits of the configuration's digest>}. */
    public static String executorId(AppDefinition app) {
        ObjectNode config = AppJsonWriter.write(app.withInstances(0));
        config.remove("version");
        config.remove("versionInfo");
        // how tasks are replaced is not what they run: changing it alone restarts nothing (and apps stored before
        // Pacer knew upgradeStrategy keep their executors)
        config.remove("upgradeStrategy");
        // readiness checks are part of the configuration, as in Marathon (AppDefinition.isUpgrade): changing them
        // restarts the tasks; an app without any keeps the digest it had before Pacer knew them
        if (config.path("readinessChecks").isEmpty()) {
            config.remove("readinessChecks");
        }
        // the same for dependencies: a change of them restarts the tasks (AppDefinition.isUpgrade counts them)
        if (config.path("dependencies").isEmpty()) {
            config.remove("dependencies");
        }
        return "pacer." + String.join("_", app.id().segments()) + "." + digest(config.toString(), 6);
    }

    /**
     * The ExecutorID Mesos knows the app's executor by: its configuration ({@link #executorId}) and where the
     * executor is fetched from. Each Pacer of an HA group serves the executor at its own URL, and Mesos refuses a task
     * whose ExecutorInfo differs from that of a running executor with the same id ("ExecutorInfo is not compatible",
     * src/master/validation.cpp): a new leader's tasks start in executors of their own, the old ones keep theirs.
     */
    public String mesosExecutorId(AppDefinition app) {
        return executorId(app) + "." + digest(executor.jarUri() + "\n" + executor.classDataArchiveUri().orElse(""), 3);
    }

    private static String digest(String text, int bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static ObjectNode spec(AppDefinition app, List<Integer> hostPorts) {
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        app.cmd().ifPresent(c -> spec.put("cmd", c));
        if (!app.args().isEmpty()) {
            var args = spec.putArray("args");
            app.args().forEach(args::add);
        }
        if (!app.env().isEmpty()) {
            ObjectNode env = spec.putObject("env");
            new java.util.TreeMap<>(app.env()).forEach(env::put);
        }
        if (!app.fetch().isEmpty()) {
            var artifacts = spec.putArray("artifacts");
            for (FetchUri f : app.fetch()) {
                ObjectNode a = artifacts.addObject().put("uri", f.uri()).put("extract", f.extract())
                        .put("executable", f.executable()).put("cache", f.cache());
                f.destPath().ifPresent(d -> a.put("outputFile", d));
                f.sha256().ifPresent(s -> a.put("sha256", s));
            }
        }
        if (!hostPorts.isEmpty()) {
            var ports = spec.putArray("ports");
            for (int i = 0; i < hostPorts.size(); i++) {
                ObjectNode p = ports.addObject();
                portName(app, i).ifPresent(n -> p.put("name", n));
                declaredPort(app, i).filter(n -> n != 0).ifPresent(n -> p.put("number", n));
            }
        }
        if (!app.readinessChecks().isEmpty()) {
            spec.set("readinessChecks", readinessChecks(app, hostPorts));
        }
        spec.put("appId", app.id().path());
        spec.put("appVersion", app.version().toString());
        return spec;
    }

    /**
     * The app's readiness checks for the executor (docs/task-spec.md): the port named by {@code portName} resolved
     * to the task's host port, as health checks get theirs.
     */
    private static com.fasterxml.jackson.databind.node.ArrayNode readinessChecks(AppDefinition app, List<Integer> hostPorts) {
        var checks = JsonNodeFactory.instance.arrayNode();
        for (ReadinessCheckSpec r : app.readinessChecks()) {
            int index = java.util.stream.IntStream.range(0, hostPorts.size())
                    .filter(i -> portName(app, i).filter(r.portName()::equals).isPresent()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("validation lets no readiness check name a port the app lacks: " + r.portName()));
            ObjectNode check = checks.addObject().put("name", r.name())
                    .put("protocol", r.protocol().name()).put("path", r.path()).put("port", hostPorts.get(index))
                    .put("intervalSeconds", r.intervalSeconds()).put("timeoutSeconds", r.timeoutSeconds())
                    .put("preserveLastResponse", r.preserveLastResponse());
            var codes = check.putArray("httpStatusCodesForReady");
            r.httpStatusCodesForReady().forEach(codes::add);
        }
        return checks;
    }

    private static java.util.Optional<String> portName(AppDefinition app, int index) {
        return app.container().filter(c -> c.docker().network() == ContainerSpec.Network.BRIDGE)
                .map(c -> c.docker().portMappings().get(index).name())
                .orElseGet(() -> app.portDefinitions().get(index).name());
    }

    private static java.util.Optional<Integer> declaredPort(AppDefinition app, int index) {
        return app.container().filter(c -> c.docker().network() == ContainerSpec.Network.BRIDGE)
                .map(c -> java.util.Optional.of(c.docker().portMappings().get(index).containerPort()))
                .orElseGet(() -> java.util.Optional.of(app.portDefinitions().get(index)).map(PortDefinition::port));
    }

    private static HealthCheck healthCheck(HealthCheckSpec h, List<Integer> hostPorts) {
        HealthCheck.Builder check = HealthCheck.newBuilder()
                .setDelaySeconds(h.delaySeconds())
                .setIntervalSeconds(h.intervalSeconds())
                .setTimeoutSeconds(h.timeoutSeconds())
                .setConsecutiveFailures(consecutiveFailures(h))
                .setGracePeriodSeconds(h.gracePeriodSeconds());
        int port = h.port().orElseGet(() -> h.portIndex().map(hostPorts::get).orElse(0));
        if (h.protocol() == HealthCheckSpec.Protocol.COMMAND) {
            check.setType(HealthCheck.Type.COMMAND).setCommand(CommandInfo.newBuilder().setShell(true).setValue(h.command().orElseThrow()));
        } else if (h.protocol().isTcp()) {
            check.setType(HealthCheck.Type.TCP).setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(port));
        } else {
            boolean https = h.protocol() == HealthCheckSpec.Protocol.HTTPS || h.protocol() == HealthCheckSpec.Protocol.MESOS_HTTPS;
            check.setType(HealthCheck.Type.HTTP).setHttp(HealthCheck.HTTPCheckInfo.newBuilder()
                    .setPort(port).setPath(h.path()).setScheme(https ? "https" : "http"));
        }
        return check.build();
    }

    /**
     * Marathon's {@code maxConsecutiveFailures: 0} means two things (docs/health-checks.md): its own HTTP, HTTPS and TCP
     * checks then never kill the task; a Mesos check (MESOS_*, COMMAND) kills at the first failure, Mesos's
     * {@code failures >= 0}. Pacer's executor reads 0 as "never kill", so a Mesos check of 0 is sent as 1, which
     * kills at the first failure too.
     */
    static int consecutiveFailures(HealthCheckSpec h) {
        boolean mesosCheck = switch (h.protocol()) {
            case HTTP, HTTPS, TCP -> false;
            case COMMAND, MESOS_HTTP, MESOS_HTTPS, MESOS_TCP -> true;
        };
        return h.maxConsecutiveFailures() == 0 && mesosCheck ? 1 : h.maxConsecutiveFailures();
    }

    private static ContainerInfo container(ContainerSpec c, List<Integer> hostPorts) {
        ContainerSpec.Docker d = c.docker();
        ContainerInfo.DockerInfo.Builder docker = ContainerInfo.DockerInfo.newBuilder()
                .setImage(d.image())
                .setForcePullImage(d.forcePullImage())
                .setPrivileged(d.privileged())
                .setNetwork(d.network() == ContainerSpec.Network.BRIDGE
                        ? ContainerInfo.DockerInfo.Network.BRIDGE : ContainerInfo.DockerInfo.Network.HOST);
        for (int i = 0; i < d.portMappings().size(); i++) {
            ContainerSpec.PortMapping m = d.portMappings().get(i);
            docker.addPortMappings(ContainerInfo.DockerInfo.PortMapping.newBuilder()
                    .setHostPort(hostPorts.get(i)).setContainerPort(m.containerPort()).setProtocol(m.protocol()));
        }
        d.parameters().forEach(p -> docker.addParameters(Parameter.newBuilder().setKey(p.key()).setValue(p.value())));
        ContainerInfo.Builder container = ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER).setDocker(docker);
        c.volumes().forEach(v -> container.addVolumes(Volume.newBuilder().setContainerPath(v.containerPath())
                .setHostPath(v.hostPath()).setMode(v.mode().equals("RO") ? Volume.Mode.RO : Volume.Mode.RW)));
        return container.build();
    }
}
