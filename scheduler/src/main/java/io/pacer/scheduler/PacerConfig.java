package io.pacer.scheduler;

import io.pacer.discovery.DiscoveryConfig;
import io.pacer.discovery.zk.ZooKeeperUrl;
import io.pacer.localcluster.LocalClusterConfig;
import io.pacer.localcluster.isolation.IsolationSettings;
import io.pacer.localcluster.resources.AgentAttributes;
import io.pacer.localcluster.resources.ResourceSpec;
import io.pacer.mesos.MesosDuration;
import io.pacer.scheduler.api.ApiUsers;
import io.pacer.scheduler.api.FailedLogins;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.launch.MesosCredential;
import io.pacer.scheduler.launch.MesosRole;
import io.pacer.scheduler.store.ZooKeeperSettings;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Pacer's command line, parsed and checked: every flag of {@code --help}, with its default. */
public record PacerConfig(
        Optional<URI> master,
        String httpHost,
        int httpPort,
        String hostname,
        Path workDir,
        String frameworkName,
        Duration failoverTimeout,
        Optional<String> executorUri,
        Path artifactStore,
        int localAgents,
        String localResources,
        AgentAttributes localAttributes,
        IsolationSettings.Mode localIsolation,
        Duration killDrainDelay,
        Duration executorIdleTimeout,
        int maxVersions,
        Optional<MesosCredential> mesosCredential,
        List<ApiUsers.User> httpUsers,
        String httpRealm,
        int httpMaxFailedLoginsPerMinute,
        Optional<DiscoveryConfig> discovery,
        Optional<String> executorEndpointBind,
        MesosRole mesosRole,
        Optional<HttpsConfig> https,
        Optional<ZooKeeperSettings> zkState,
        Optional<String> zkElectionPath,
        boolean newFramework) {

    /** An IPv4 address in dotted form, or an IPv6 one (hex digits, colons, dots of an embedded IPv4). */
    private static final java.util.regex.Pattern IP_ADDRESS = java.util.regex.Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** A flag Pacer cannot use; its message is the one line the user sees. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static String usage() {
        return """
                Usage: java -jar pacer.jar [options]

                Pacer runs long-lived applications on Apache Mesos, with a Marathon-compatible REST API.
                Without --master it starts an embedded single-node cluster (no Mesos needed).

                Options (value flags take --flag VALUE or --flag=VALUE):
                  --master URL             a Mesos master, e.g. http://10.0.0.5:5050 (default: the embedded cluster)
                  --http-port N            port of the REST API and web UI (default 8080; 0 picks a free one)
                  --http-host ADDRESS      address the REST API listens on (default 0.0.0.0)
                  --hostname NAME          the name agents and users reach Pacer by (default: this machine's name)
                  --work-dir DIR           Pacer's state, artifact store and embedded cluster (default ./.pacer)
                  --framework-name NAME    the framework's name in Mesos (default pacer)
                  --failover-timeout D     how long Mesos keeps Pacer's tasks while Pacer is away, as a Mesos
                                           duration such as 7days or 15mins (default 7days)
                  --executor-uri URI       where agents fetch the Pacer executor jar (default: Pacer serves its own
                                           at /v2/artifacts/pacer-executor.jar)
                  --artifact-store DIR     where /v2/artifacts keeps uploads (default WORK_DIR/artifacts)
                  --local-agents N         agents in the embedded cluster (default 1)
                  --local-resources SPEC   each embedded agent's resources
                                           (default cpus:4;mem:8192;disk:20000;ports:[31000-32000])
                  --local-attributes SPEC  the embedded agents' attributes, for constraints, as Mesos's agent flag
                                           --attributes takes them (rack:r1;zone:a): one spec for every agent, or
                                           one per agent separated by | (rack:r1|rack:r2|rack:r3)
                  --local-isolation MODE   cgroups (each executor and its tasks held to their mem and cpus, all
                                           its processes killed with it) or posix (nothing enforced); default
                                           cgroups where /sys/fs/cgroup is writable (root), else posix
                  --kill-drain-delay D     how long a task stays up after Pacer announces its kill
                                           (instance_changed_event, condition Killing) before Mesos's KILL is sent,
                                           so that load balancers stop routing to it first; a Mesos duration such as
                                           1secs or 500ms, 0ms for none (default 1secs). A stopping Pacer waits out
                                           what is left of these delays (at most 5secs), then sends every kill
                  --http-credentials USER:PASSWORD[,USER2:PASSWORD2]
                                           the API, web UI, events, artifacts and proxies ask for HTTP Basic
                                           credentials of these users, all admins (Marathon's flag); /ping stays open
                  --http-credentials-file FILE
                                           the same from a file, one USER:PASSWORD[:ROLE] per line, ROLE admin (the
                                           default) or viewer (may only read); keeps passwords out of ps
                  --https-port N           also serve the API and web UI over HTTPS on this port (default 8443, as
                                           Marathon; 0 picks a free one); needs --ssl-keystore-path
                  --ssl-keystore-path FILE the PKCS12 or JKS keystore with the server's private key and certificate;
                                           HTTPS is served when given (also MESOSPHERE_KEYSTORE_PATH, as Marathon)
                  --ssl-keystore-password PASSWORD
                                           the keystore's password, also its key's; shows in ps: prefer
                  --ssl-keystore-password-file FILE
                                           (the file's content, one trailing newline dropped) or the environment
                                           variable MESOSPHERE_KEYSTORE_PASS (Marathon's)
                  --disable-http           serve HTTPS only: no plain HTTP port; agents then fetch the executor jar
                                           over HTTPS and must trust the certificate (docs/security.md)
                  --http-realm NAME        the realm of the credentials' challenge (default Mesosphere, as Marathon)
                  --http-max-failed-logins-per-minute N
                                           a client address with more than N failed logins (unknown user, wrong
                                           password) in the last minute gets 429 with Retry-After, whatever it
                                           sends, until the minute has passed; 0 never refuses (default 20)
                  --mesos-authentication-principal P
                                           authenticate to the Mesos master as P (HTTP Basic, for a master run with
                                           --authenticate_http_frameworks); also FrameworkInfo's principal
                  --mesos-authentication-secret-file FILE
                                           the secret for that principal: the file's content (one trailing newline
                                           is dropped), so that it never shows in ps or logs
                  --mesos-role ROLE        the Mesos role Pacer is offered resources for and launches with (Marathon's
                                           --mesos_role; default *, the default role); Pacer uses the role's
                                           unreserved resources, not resources reserved to it
                  --executor-idle-timeout D
                                           how long an executor whose tasks all ended stays on its agent for the next
                                           task of the same app configuration before it exits; at least 1secs
                                           (default 60secs)
                  --executor-endpoint-bind ADDRESS
                                           the IP address executors' own endpoints listen on, on every agent, e.g.
                                           127.0.0.1 (default: all interfaces). Their endpoints ask for a secret
                                           Pacer gives each executor either way; on loopback, only a Pacer on the
                                           agent's host (the embedded cluster) reaches them: elsewhere
                                           /v2/tasks/ID/executor and /files answer 502 and tasks show no usage
                  --max-versions N         how many versions of each app Pacer keeps, for GET /v2/apps/{id}/versions
                                           and rollbacks, oldest dropped first (Marathon's --zk_max_versions;
                                           default 50)
                  --zk URL                 run as one of several Pacers: state in ZooKeeper, one leader elected there,
                                           the others answer by proxying to it (Marathon's flag, e.g.
                                           zk://zk1:2181,zk2:2181,zk3:2181/pacer; docs/ha.md); needs --master
                  --zk-session-timeout D   how long ZooKeeper keeps this Pacer's session, and its leadership, when
                                           it cannot reach it (default 10secs, as Marathon)
                  --zk-connection-timeout D
                                           how long to wait for ZooKeeper at start and per call (default 10secs)
                  --new-framework          register with Mesos as a new framework although the state holds apps of
                                           an old one whose id is lost or was removed: the old framework's tasks are
                                           not this Pacer's any more (docs/ha.md, the framework id)
                  --discovery              also run service discovery (HAProxy, DNS, endpoints file, ZooKeeper) in
                                           this process, following this Pacer's API; its options, as
                                           --discovery-OPTION, are those of java -jar pacer-discovery.jar --help
                                           (default work dir WORK_DIR/discovery)
                  --version                print Pacer's version and exit
                  --help                   print this help and exit
                """;
    }

    public static PacerConfig parse(List<String> args) throws UsageException {
        return parse(args, System.getenv());
    }

    /** {@code env}: where the keystore's path and password may also come from, as Marathon reads them. */
    public static PacerConfig parse(List<String> args, java.util.Map<String, String> env) throws UsageException {
        try {
            return read(new Flags(args), env);
        } catch (Flags.Bad e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static PacerConfig read(Flags flags, java.util.Map<String, String> env) throws UsageException {
        Optional<URI> master = flags.value("--master").map(PacerConfig::masterUri);
        int httpPort = flags.value("--http-port").map(v -> number("--http-port", v, 0, 65535)).orElse(8080);
        String httpHost = flags.value("--http-host").orElse("0.0.0.0");
        String hostname = flags.value("--hostname").orElseGet(PacerConfig::localHostname);
        Path workDir = Path.of(flags.value("--work-dir").orElse(".pacer")).toAbsolutePath();
        String name = flags.value("--framework-name").orElse("pacer");
        Duration failover = flags.value("--failover-timeout").map(v -> duration("--failover-timeout", v)).orElse(Duration.ofDays(7));
        Optional<String> executorUri = flags.value("--executor-uri");
        Path artifacts = flags.value("--artifact-store").map(Path::of).orElse(workDir.resolve("artifacts")).toAbsolutePath();
        int agents = flags.value("--local-agents").map(v -> number("--local-agents", v, 1, 100)).orElse(1);
        String resources = flags.value("--local-resources").orElse(LocalClusterConfig.DEFAULT_RESOURCES);
        AgentAttributes attributes = localAttributes(flags.value("--local-attributes").orElse(""), agents);
        IsolationSettings.Mode isolation = flags.value("--local-isolation").map(PacerConfig::isolation).orElse(IsolationSettings.Mode.DEFAULT);
        Duration drain = flags.value("--kill-drain-delay").map(v -> duration("--kill-drain-delay", v)).orElse(Duration.ofSeconds(1));
        Duration idle = flags.value("--executor-idle-timeout").map(v -> duration("--executor-idle-timeout", v)).orElse(Duration.ofSeconds(60));
        if (idle.compareTo(Duration.ofSeconds(1)) < 0) {
            // the executor's idle clock starts at its subscription, before the agent hands it its first task
            throw new UsageException("--executor-idle-timeout must be at least 1secs, got '" + flags.value("--executor-idle-timeout").orElseThrow() + "'");
        }
        int maxVersions = flags.value("--max-versions").map(v -> number("--max-versions", v, 1, 10_000))
                .orElse(AppRepository.DEFAULT_MAX_VERSIONS);
        Optional<MesosCredential> credential = mesosCredential(flags.value("--mesos-authentication-principal"),
                flags.value("--mesos-authentication-secret-file"));
        List<ApiUsers.User> httpUsers = httpUsers(flags.value("--http-credentials"), flags.value("--http-credentials-file"));
        String realm = flags.value("--http-realm").orElse("Mesosphere");
        int maxFailedLogins = flags.value("--http-max-failed-logins-per-minute")
                .map(v -> number("--http-max-failed-logins-per-minute", v, 0, 1_000_000)).orElse(FailedLogins.DEFAULT_LIMIT);
        List<String> discoveryArgs = flags.withPrefix("--discovery-");
        boolean discovery = flags.switchedOn("--discovery");
        if (!discovery && !discoveryArgs.isEmpty()) {
            throw new UsageException(discoveryArgs.get(0).replace("--", "--discovery-") + " needs --discovery");
        }
        if (discoveryArgs.contains("--pacer")) {
            throw new UsageException("--discovery follows this Pacer: --discovery-pacer is for pacer-discovery.jar");
        }
        Optional<DiscoveryConfig> discoveryConfig = Optional.empty();
        if (discovery) {
            try {
                // the API's address is known once it is bound: PacerServer sets it
                discoveryConfig = Optional.of(DiscoveryConfig.parse(discoveryArgs, URI.create("http://127.0.0.1:" + httpPort),
                        workDir.resolve("discovery")));
            } catch (DiscoveryConfig.UsageException e) {
                // discovery's messages name its own flags: the one they start with, and quoted ones
                throw new UsageException(e.getMessage().replaceFirst("^--", "--discovery-").replace("'--", "'--discovery-"));
            }
        }
        try {
            ResourceSpec.parse(resources);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--local-resources: " + e.getMessage());
        }
        Optional<String> endpointBind = flags.value("--executor-endpoint-bind");
        if (endpointBind.isPresent() && !IP_ADDRESS.matcher(endpointBind.get()).matches()) {
            // every agent binds it: a name would resolve differently, or not at all, on each
            throw new UsageException("--executor-endpoint-bind takes an IP address such as 127.0.0.1, got '" + endpointBind.get() + "'");
        }
        String role = flags.value("--mesos-role").orElse(MesosRole.DEFAULT.name());
        Optional<String> roleProblem = MesosRole.problem(role);
        if (roleProblem.isPresent()) {
            throw new UsageException("--mesos-role: " + roleProblem.get());
        }
        int httpsPort = flags.value("--https-port").map(v -> number("--https-port", v, 0, 65535)).orElse(HttpsConfig.DEFAULT_PORT);
        Optional<HttpsConfig> https = HttpsConfig.read(flags, env, httpsPort);
        Optional<ZooKeeperUrl> zk = flags.value("--zk").map(PacerConfig::zooKeeperUrl);
        Duration zkSession = flags.value("--zk-session-timeout").map(v -> duration("--zk-session-timeout", v))
                .orElse(ZooKeeperSettings.DEFAULT_SESSION_TIMEOUT);
        Duration zkConnection = flags.value("--zk-connection-timeout").map(v -> duration("--zk-connection-timeout", v))
                .orElse(ZooKeeperSettings.DEFAULT_CONNECTION_TIMEOUT);
        boolean newFramework = flags.switchedOn("--new-framework");
        flags.refuseRest();
        if (zk.isEmpty() && (flags.given("--zk-session-timeout") || flags.given("--zk-connection-timeout"))) {
            throw new UsageException("--zk-session-timeout and --zk-connection-timeout need --zk");
        }
        if (zk.isPresent() && master.isEmpty()) {
            throw new UsageException("--zk needs --master: the embedded cluster lives and ends with the Pacer that runs it, "
                    + "its tasks with it, so no other Pacer could take over; run the local cluster on its own "
                    + "(java -jar pacer-local-cluster.jar) or point --master at Mesos");
        }
        Optional<ZooKeeperSettings> zkState;
        try {
            // the state under <path>/state, the election under <path>/leader (docs/ha.md)
            zkState = zk.map(z -> ZooKeeperSettings.of(z.connectString(), z.path() + "/state").withTimeouts(zkSession, zkConnection));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--zk-session-timeout/--zk-connection-timeout: " + e.getMessage());
        }
        if (master.isPresent() && Stream.of("--local-agents", "--local-resources", "--local-attributes", "--local-isolation").anyMatch(flags::given)) {
            throw new UsageException("--local-agents, --local-resources, --local-attributes and --local-isolation are for the embedded cluster, not with --master");
        }
        return new PacerConfig(master, httpHost, httpPort, hostname, workDir, name, failover, executorUri, artifacts, agents, resources,
                attributes, isolation, drain, idle, maxVersions, credential, httpUsers, realm, maxFailedLogins, discoveryConfig,
                endpointBind, new MesosRole(role), https, zkState, zk.map(z -> z.path() + "/leader"), newFramework);
    }

    private static ZooKeeperUrl zooKeeperUrl(String text) {
        try {
            return ZooKeeperUrl.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Flags.Bad("--zk: " + e.getMessage() + " (the form is zk://host1:2181,host2:2181/pacer)");
        }
    }

    private static List<ApiUsers.User> httpUsers(Optional<String> list, Optional<String> file) throws UsageException {
        List<ApiUsers.User> users = new java.util.ArrayList<>();
        try {
            list.ifPresent(l -> users.addAll(ApiUsers.parseList(l)));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--http-credentials: " + e.getMessage());
        }
        if (file.isPresent()) {
            try {
                users.addAll(ApiUsers.readFile(Path.of(file.get())));
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageException("--http-credentials-file: cannot use " + file.get() + ": " + e.getMessage());
            }
        }
        return users;
    }

    private static Optional<MesosCredential> mesosCredential(Optional<String> principal, Optional<String> secretFile)
            throws UsageException {
        if (principal.isEmpty() != secretFile.isEmpty()) {
            throw new UsageException("--mesos-authentication-principal and --mesos-authentication-secret-file go together");
        }
        if (principal.isEmpty()) {
            return Optional.empty();
        }
        String secret;
        try {
            secret = Files.readString(Path.of(secretFile.get()), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new UsageException("--mesos-authentication-secret-file: cannot read " + secretFile.get() + " (" + e + ")");
        }
        secret = secret.endsWith("\n") ? secret.substring(0, secret.length() - 1) : secret;
        if (secret.isEmpty()) {
            throw new UsageException("--mesos-authentication-secret-file: " + secretFile.get() + " is empty");
        }
        try {
            return Optional.of(new MesosCredential(principal.get(), secret));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--mesos-authentication-principal: " + e.getMessage());
        }
    }

    private static AgentAttributes localAttributes(String text, int agents) throws UsageException {
        try {
            AgentAttributes attributes = AgentAttributes.parse(text);
            attributes.requireFits(agents);
            return attributes;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--local-attributes: " + e.getMessage());
        }
    }

    private static URI masterUri(String text) {
        URI uri = URI.create(text.contains("://") ? text : "http://" + text);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new Flags.Bad("--master needs an address such as http://10.0.0.5:5050, got '" + text + "'");
        }
        return uri;
    }

    private static IsolationSettings.Mode isolation(String text) {
        try {
            return IsolationSettings.parseMode(text);
        } catch (IllegalArgumentException e) {
            throw new Flags.Bad("--local-isolation must be cgroups or posix, was '" + text + "'");
        }
    }

    private static Duration duration(String flag, String text) {
        try {
            return MesosDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Flags.Bad(flag + ": " + e.getMessage());
        }
    }

    private static int number(String flag, String text, int min, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Flags.Bad(flag + " needs a whole number from " + min + " to " + max + ", got '" + text + "'");
    }

    private static String localHostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
