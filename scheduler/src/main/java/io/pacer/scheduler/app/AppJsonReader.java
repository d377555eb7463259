package io.pacer.scheduler.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a Marathon app JSON into an {@link AppDefinition}: Marathon's field names and defaults (types/app.raml,
 * types/healthCheck.raml, types/artifact.raml, types/constraint.raml, types/appContainer.raml), every violation
 * reported with its path, and fields Pacer does not know refused rather than silently dropped.
 */
public final class AppJsonReader {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** What GET answers carry that a request cannot set; accepted so that a GET can be PUT back. */
    private static final String[] READ_ONLY = {"version", "versionInfo", "tasksStaged", "tasksRunning", "tasksHealthy",
            "tasksUnhealthy", "deployments", "tasks", "lastTaskFailure", "executor", "gpus", "readinessCheckResults"};

    private AppJsonReader() {
    }

    /**
     * An app as Pacer stored it (AppJsonWriter's JSON): its own version and versionInfo, which a request cannot set.
     * An app stored before Pacer kept versionInfo gets its version as both times.
     */
    public static AppDefinition readStored(JsonNode json) {
        Instant version = Instant.parse(json.get("version").asText());
        AppDefinition app = read(json, Optional.empty(), version);
        JsonNode info = json.get("versionInfo");
        if (info == null) {
            return app;
        }
        return app.withVersionInfo(new VersionInfo(version, Instant.parse(info.get("lastScalingAt").asText()),
                Instant.parse(info.get("lastConfigChangeAt").asText())));
    }

    /**
     * @param idFromPath the id given by the URL (PUT /v2/apps/{id}); a body id, when present, must agree
     * @throws Violations.InvalidException listing every problem
     */
    public static AppDefinition read(JsonNode json, Optional<AppId> idFromPath, Instant version) {
        Violations v = new Violations();
        if (!json.isObject()) {
            v.add("/", "an app must be a JSON object");
            throw new Violations.InvalidException(v);
        }
        JsonObjectReader app = new JsonObjectReader(json, "", v);
        AppId id = readId(app, idFromPath);
        Optional<String> cmd = app.string("cmd");
        cmd.filter(String::isBlank).ifPresent(c -> v.add("/cmd", "must not be empty"));
        List<String> args = app.strings("args");
        double cpus = app.number("cpus", 0.001, Double.MAX_VALUE).orElse(AppDefinition.DEFAULT_CPUS);
        double mem = app.number("mem", 0, Double.MAX_VALUE).orElse(AppDefinition.DEFAULT_MEM);
        double disk = app.number("disk", 0, Double.MAX_VALUE).orElse(0.0);
        int instances = app.integer("instances", 0, Integer.MAX_VALUE).orElse(1);
        Map<String, String> env = readEnv(app);
        Map<String, String> labels = app.stringMap("labels");
        List<FetchUri> fetch = readFetch(app);
        Optional<ContainerSpec> container = app.object("container", AppJsonReader::readContainer);
        List<PortDefinition> ports = readPortDefinitions(app);
        boolean requirePorts = app.bool("requirePorts").orElse(false);
        int backoffSeconds = app.integer("backoffSeconds", 0, Integer.MAX_VALUE).orElse(AppDefinition.DEFAULT_BACKOFF_SECONDS);
        double backoffFactor = app.number("backoffFactor", 1.0, Double.MAX_VALUE).orElse(AppDefinition.DEFAULT_BACKOFF_FACTOR);
        int maxLaunchDelay = app.integer("maxLaunchDelaySeconds", 0, Integer.MAX_VALUE).orElse(AppDefinition.DEFAULT_MAX_LAUNCH_DELAY_SECONDS);
        List<Constraint> constraints = readConstraints(app);
        KillSelection killSelection = app.string("killSelection").flatMap(s -> enumValue(KillSelection.class, s, "/killSelection", v))
                .orElse(KillSelection.YOUNGEST_FIRST);
        Optional<Integer> killGrace = app.integer("taskKillGracePeriodSeconds", 0, Integer.MAX_VALUE);
        Optional<String> user = app.string("user");
        UpgradeStrategy upgradeStrategy = app.object("upgradeStrategy", AppJsonReader::readUpgradeStrategy).orElse(UpgradeStrategy.DEFAULT);
        // relative to the app's group, as Marathon's AppNormalization.withCanonizedIds resolves them
        Set<AppId> dependencies = app.ids("dependencies", id == null ? PathId.root() : id.parent());
        app.ignore(READ_ONLY);

        boolean bridge = container.map(c -> c.docker().network() == ContainerSpec.Network.BRIDGE).orElse(false);
        int hostPorts = bridge ? container.get().docker().portMappings().size() : ports.size();
        List<HealthCheckSpec> healthChecks = app.objects("healthChecks", hc -> readHealthCheck(hc, hostPorts));
        List<ReadinessCheckSpec> readinessChecks = ReadinessCheckReader.read(app, portNames(container, ports, bridge));

        if (healthChecks.size() > 1) {
            // Every Pacer check runs in the executor, as Marathon's MESOS_* checks do, and Mesos's TaskInfo has one
            // health_check; Marathon refuses more than one such check too (api/v2/validation/AppValidation.scala).
            v.add("/healthChecks", "AppDefinition can contain at most one Mesos health check");
        }
        if (cmd.isPresent() && !args.isEmpty()) {
            v.add("/", "AppDefinition must not have both 'cmd' and 'args'");
        }
        if (cmd.isEmpty() && args.isEmpty() && container.isEmpty()) {
            v.add("/", "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'");
        }
        if (bridge && (app.has("portDefinitions") || app.has("ports")) && !ports.isEmpty()) {
            v.add("/portDefinitions", "must be empty for BRIDGE networking: use container.docker.portMappings");
        }
        if (requirePorts && ports.stream().anyMatch(p -> p.port() == 0)) {
            v.add("/requirePorts", "requirePorts needs every portDefinitions port to be a non-zero host port");
        }
        app.refuseUnknownFields();
        v.throwIfAny();
        return new AppDefinition(id, cmd, args, cpus, mem, disk, instances, env, labels, fetch, container,
                bridge ? List.of() : ports, requirePorts, healthChecks, backoffSeconds, backoffFactor, maxLaunchDelay,
                constraints, killSelection, killGrace, user, upgradeStrategy, readinessChecks, dependencies,
                VersionInfo.forNewConfig(version));
    }

    /** The names a readiness check's portName may give: the BRIDGE container's port mappings', else the port definitions'. */
    private static java.util.Set<String> portNames(Optional<ContainerSpec> container, List<PortDefinition> ports, boolean bridge) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        if (bridge) {
            container.get().docker().portMappings().forEach(m -> m.name().ifPresent(names::add));
        } else {
            ports.forEach(p -> p.name().ifPresent(names::add));
        }
        return names;
    }

    /**
     * The app's id from the body or, without one, from the URL; canonical first, then validated, as Marathon's
     * AppsResource and AppNormalization do (so {@code /x/./y} is {@code /x/y}, and {@code /x/tasks} is refused).
     */
    private static AppId readId(JsonObjectReader app, Optional<AppId> idFromPath) {
        Optional<String> text = app.string("id");
        if (text.isEmpty() && idFromPath.isEmpty() && !app.has("id")) {
            app.violations().add("/id", "is required: an app id is a path such as /prod/web");
            return null;
        }
        if (text.isEmpty() && idFromPath.isEmpty()) {
            return null;
        }
        AppId id = text.map(AppId::parse).orElseGet(idFromPath::get);
        List<String> problems = id.problems();
        problems.forEach(problem -> app.violations().add("/id", problem));
        if (!problems.isEmpty()) {
            return null;
        }
        if (idFromPath.isPresent() && !idFromPath.get().equals(id)) {
            app.violations().add("/id", "is " + id + " but the URL names " + idFromPath.get());
        }
        return id;
    }

    /** Marathon's legacy env: any name; a value is a string. Secrets ({"secret": ...}) are not supported. */
    private static Map<String, String> readEnv(JsonObjectReader app) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        app.members("env").forEach((name, value) -> {
            String path = "/env/" + name;
            if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
                app.violations().add(path, "is not a usable environment variable name");
            } else if (value.isObject() && value.has("secret")) {
                app.violations().add(path, "secrets are not supported by Pacer: give the value itself");
            } else if (!value.isTextual()) {
                app.violations().add(path, "must be a string");
            } else {
                env.put(name, value.asText());
            }
        });
        return env;
    }

    private static List<FetchUri> readFetch(JsonObjectReader app) {
        List<FetchUri> fetch = new ArrayList<>(app.objects("fetch", f -> {
            Optional<String> uri = f.string("uri");
            if (uri.isEmpty() || uri.get().isBlank()) {
                f.violations().add(f.path("uri"), "is required");
            }
            if (f.has("destPath") && f.has("outputFile")) {
                f.violations().add(f.path("destPath"), "give destPath (Marathon) or outputFile (Mesos), not both");
            }
            Optional<String> dest = f.string("destPath").or(() -> f.string("outputFile"));
            dest.filter(d -> d.startsWith("/") || List.of(d.split("/")).contains(".."))
                    .ifPresent(d -> f.violations().add(f.path("destPath"), "must be a relative path inside the sandbox, was " + d));
            Optional<String> sha256 = f.string("sha256");
            sha256.filter(s -> !SHA256.matcher(s).matches())
                    .ifPresent(s -> f.violations().add(f.path("sha256"), "must be 64 lower-case hex digits"));
            boolean executable = f.bool("executable").orElse(false);
            return new FetchUri(uri.orElse(""), f.bool("extract").orElse(true), executable,
                    f.bool("cache").orElse(false), dest, sha256);
        }));
        app.strings("uris").forEach(u -> fetch.add(FetchUri.legacy(u)));
        if (app.has("uris") && app.has("fetch")) {
            app.violations().add("/uris", "give fetch or the legacy uris, not both");
        }
        return fetch;
    }

    private static List<PortDefinition> readPortDefinitions(JsonObjectReader app) {
        if (app.has("ports") && app.has("portDefinitions")) {
            app.violations().add("/ports", "give portDefinitions or the legacy ports, not both");
        }
        if (app.has("ports")) {
            List<PortDefinition> ports = new ArrayList<>();
            app.elements("ports").forEach((i, n) -> {
                if (n.isIntegralNumber() && n.asInt() >= 0 && n.asInt() <= 65535) {
                    ports.add(new PortDefinition(n.asInt(), "tcp", Optional.empty(), Map.of()));
                } else {
                    app.violations().add("/ports(" + i + ")", "must be a port number from 0 to 65535");
                }
            });
            return ports;
        }
        if (!app.has("portDefinitions")) {
            // Marathon's default: one port, any number (raml/Apps.scala DefaultPortDefinitions)
            return List.of(new PortDefinition(0, "tcp", Optional.of("default"), Map.of()));
        }
        return app.objects("portDefinitions", p -> new PortDefinition(
                p.integer("port", 0, 65535).orElse(0),
                p.string("protocol").map(proto -> checkProtocol(p, proto)).orElse("tcp"),
                p.string("name"),
                p.stringMap("labels")));
    }

    private static String checkProtocol(JsonObjectReader r, String protocol) {
        if (!List.of("tcp", "udp", "udp,tcp").contains(protocol)) {
            r.violations().add(r.path("protocol"), "must be tcp, udp or udp,tcp");
        }
        return protocol;
    }

    private static HealthCheckSpec readHealthCheck(JsonObjectReader hc, int hostPorts) {
        Violations v = hc.violations();
        HealthCheckSpec.Protocol protocol = hc.string("protocol")
                .flatMap(p -> enumValue(HealthCheckSpec.Protocol.class, p, hc.path("protocol"), v))
                .orElse(HealthCheckSpec.Protocol.HTTP);
        Optional<Integer> portIndex = hc.integer("portIndex", 0, Integer.MAX_VALUE);
        Optional<Integer> port = hc.integer("port", 1, 65535);
        Optional<String> command = hc.object("command", c -> c.string("value").orElse(null));
        String path = hc.string("path").orElse("/");
        if (!path.startsWith("/")) {
            v.add(hc.path("path"), "must start with '/'");
        }
        if (portIndex.isPresent() && port.isPresent()) {
            v.add(hc.path("port"), "give port or portIndex, not both");
        }
        if (protocol == HealthCheckSpec.Protocol.COMMAND) {
            if (command.isEmpty() || command.get().isBlank()) {
                v.add(hc.path("command"), "a COMMAND health check needs command.value");
            }
        } else {
            if (command.isPresent()) {
                v.add(hc.path("command"), "only COMMAND health checks take a command");
            }
            int index = portIndex.orElse(0);
            if (port.isEmpty() && index >= hostPorts) {
                v.add(hc.path("portIndex"), "is " + index + " but the app has " + hostPorts + " port"
                        + (hostPorts == 1 ? "" : "s") + ": health check port indices start at 0");
            }
        }
        // Marathon's normalisation: a check on neither a port nor a command uses the first port.
        Optional<Integer> effectivePortIndex = portIndex.isEmpty() && port.isEmpty() && protocol != HealthCheckSpec.Protocol.COMMAND
                ? Optional.of(0) : portIndex;
        return new HealthCheckSpec(protocol, path, effectivePortIndex, port, command,
                hc.integer("gracePeriodSeconds", 0, Integer.MAX_VALUE).orElse(300),
                hc.integer("intervalSeconds", 0, Integer.MAX_VALUE).orElse(60),
                hc.integer("timeoutSeconds", 0, Integer.MAX_VALUE).orElse(20),
                hc.integer("maxConsecutiveFailures", 0, Integer.MAX_VALUE).orElse(3),
                hc.integer("delaySeconds", 0, Integer.MAX_VALUE).orElse(15),
                hc.bool("ignoreHttp1xx").orElse(false));
    }

    private static List<Constraint> readConstraints(JsonObjectReader app) {
        List<Constraint> out = new ArrayList<>();
        app.elements("constraints").forEach((i, n) -> {
            String path = "/constraints(" + i + ")";
            if (!n.isArray() || n.size() < 2 || n.size() > 3 || !allText(n)) {
                app.violations().add(path, "must be [field, operator] or [field, operator, value], all strings");
                return;
            }
            Optional<Constraint.Operator> op = enumValue(Constraint.Operator.class, n.get(1).asText(), path, app.violations());
            Optional<String> value = n.size() == 3 ? Optional.of(n.get(2).asText()) : Optional.empty();
            op.ifPresent(o -> checkConstraintValue(o, value, path, app.violations()));
            op.ifPresent(o -> out.add(new Constraint(n.get(0).asText(), o, value)));
        });
        return out;
    }

    private static void checkConstraintValue(Constraint.Operator op, Optional<String> value, String path, Violations v) {
        switch (op) {
            case UNIQUE -> value.ifPresent(x -> v.add(path, "UNIQUE takes no value"));
            case LIKE, UNLIKE -> {
                if (value.isEmpty()) {
                    v.add(path, op + " needs a regular expression as its value");
                } else {
                    try {
                        Pattern.compile(value.get());
                    } catch (PatternSyntaxException e) {
                        v.add(path, "'" + value.get() + "' is not a valid regular expression: " + e.getDescription());
                    }
                }
            }
            case MAX_PER -> {
                if (value.isEmpty() || !value.get().matches("[1-9][0-9]*")) {
                    v.add(path, "MAX_PER needs a positive whole number as its value");
                }
            }
            case IS -> {
                if (value.isEmpty()) {
                    v.add(path, "IS needs a value");
                }
            }
            case CLUSTER, GROUP_BY -> { }
        }
    }

    /** Marathon's upgradeStrategy: both fractions 0..1, each defaulting to 1 (types/upgradeStrategy.raml). */
    private static UpgradeStrategy readUpgradeStrategy(JsonObjectReader u) {
        double minimumHealth = u.number("minimumHealthCapacity", 0, 1).orElse(UpgradeStrategy.DEFAULT.minimumHealthCapacity());
        double maximumOver = u.number("maximumOverCapacity", 0, 1).orElse(UpgradeStrategy.DEFAULT.maximumOverCapacity());
        return new UpgradeStrategy(minimumHealth, maximumOver);
    }

    private static ContainerSpec readContainer(JsonObjectReader c) {
        Violations v = c.violations();
        String type = c.string("type").orElse("DOCKER");
        if (!type.equals("DOCKER")) {
            v.add(c.path("type"), "Pacer runs DOCKER containers only, not " + type);
        }
        List<ContainerSpec.Volume> volumes = c.objects("volumes", vol -> {
            String mode = vol.string("mode").orElse("RW");
            if (!mode.equals("RO") && !mode.equals("RW")) {
                v.add(vol.path("mode"), "must be RO or RW");
            }
            Optional<String> containerPath = vol.string("containerPath");
            Optional<String> hostPath = vol.string("hostPath");
            if (containerPath.isEmpty()) {
                v.add(vol.path("containerPath"), "is required");
            }
            if (hostPath.isEmpty()) {
                v.add(vol.path("hostPath"), "is required");
            }
            return new ContainerSpec.Volume(containerPath.orElse(""), hostPath.orElse(""), mode);
        });
        List<ContainerSpec.PortMapping> containerMappings = readPortMappings(c);
        Optional<ContainerSpec.Docker> docker = c.object("docker", d -> readDocker(d, containerMappings));
        if (docker.isEmpty()) {
            v.add(c.path("docker"), "is required for a DOCKER container");
            return null;
        }
        return new ContainerSpec(docker.get(), volumes);
    }

    private static ContainerSpec.Docker readDocker(JsonObjectReader d, List<ContainerSpec.PortMapping> containerMappings) {
        Violations v = d.violations();
        Optional<String> image = d.string("image");
        if (image.isEmpty() || image.get().isBlank()) {
            v.add(d.path("image"), "is required");
        }
        ContainerSpec.Network network = d.string("network")
                .flatMap(n -> enumValue(ContainerSpec.Network.class, n, d.path("network"), v))
                .orElse(ContainerSpec.Network.HOST);
        List<ContainerSpec.PortMapping> mappings = new ArrayList<>(containerMappings);
        mappings.addAll(readPortMappings(d));
        if (network != ContainerSpec.Network.BRIDGE && !mappings.isEmpty()) {
            v.add(d.path("portMappings"), "port mappings need BRIDGE networking; with HOST the task uses portDefinitions");
        }
        List<ContainerSpec.Parameter> parameters = d.objects("parameters", p -> {
            Optional<String> key = p.string("key");
            if (key.isEmpty()) {
                v.add(p.path("key"), "is required");
            }
            return new ContainerSpec.Parameter(key.orElse(""), p.string("value").orElse(""));
        });
        return new ContainerSpec.Docker(image.orElse(""), d.bool("forcePullImage").orElse(false), network, mappings,
                parameters, d.bool("privileged").orElse(false));
    }

    private static List<ContainerSpec.PortMapping> readPortMappings(JsonObjectReader r) {
        return r.objects("portMappings", m -> {
            m.ignore("servicePort", "labels");
            Optional<Integer> containerPort = m.integer("containerPort", 0, 65535);
            if (containerPort.isEmpty() && !m.has("containerPort")) {
                m.violations().add(m.path("containerPort"), "is required");
            }
            return new ContainerSpec.PortMapping(containerPort.orElse(0), m.integer("hostPort", 0, 65535).orElse(0),
                    m.string("protocol").map(p -> checkProtocol(m, p)).orElse("tcp"), m.string("name"));
        });
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static <E extends Enum<E>> Optional<E> enumValue(Class<E> type, String text, String path, Violations v) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(text)) {
                return Optional.of(e);
            }
        }
        v.add(path, "'" + text + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        return Optional.empty();
    }
}
