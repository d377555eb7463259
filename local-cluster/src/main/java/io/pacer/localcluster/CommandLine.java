package io.pacer.localcluster;

import io.pacer.localcluster.isolation.IsolationSettings;
import io.pacer.localcluster.master.FrameworkCredentials;
import io.pacer.localcluster.resources.AgentAttributes;
import io.pacer.localcluster.resources.ResourceSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The runnable jar's flags, parsed into a {@link LocalClusterConfig}; a bad flag is one line that says what to do. */
final class CommandLine {
    static final String USAGE = """
            Usage: java -jar pacer-local-cluster.jar --work-dir DIR [options]
            A single-process, Mesos-compatible master and agents (v1 scheduler and executor HTTP APIs).

              --work-dir DIR        where agents keep sandboxes and checkpoints (required)
              --port PORT           the master's port (default 5050; 0 picks a free one)
              --host ADDRESS        address to listen on (default 127.0.0.1)
              --agents N            agents to run in this process (default 1)
              --resources SPEC      each agent's resources (default cpus:4;mem:8192;disk:20000;ports:[31000-32000])
              --attributes SPEC     the agents' attributes as Mesos's agent flag takes them (rack:r1;zone:a), one
                                    spec for every agent or one per agent separated by | (rack:r1|rack:r2)
              --isolation MODE      cgroups: each executor container in cgroups limited to its resources, destroyed
                                    with all its processes; posix: nothing enforced (default: cgroups where
                                    /sys/fs/cgroup is writable, else posix, said at start-up)
              --cgroups-enable-cfs  with cgroups, also cap CPU time at the container's cpus (CFS quota)
              --authenticate-http-frameworks
                                    HTTP frameworks must authenticate (HTTP Basic, realm mesos-master-scheduler)
                                    with a principal and secret from --credentials, as Mesos's master flag
              --authenticate-http-executors
                                    each executor gets a token (MESOS_EXECUTOR_AUTHENTICATION_TOKEN, a JWT) that it
                                    must present as Authorization: Bearer on the executor API, as Mesos's agent flag
              --credentials FILE    the principals and secrets, in Mesos's JSON form
                                    ({"credentials": [{"principal": "p", "secret": "s"}]}) or 'principal secret'
                                    per line
              --help                print this and exit

            Prints the master URL (http://HOST:PORT) once ready; stop it with Ctrl-C or SIGTERM.
            """;

    /** A flag the jar cannot use; its message is the one line to print. */
    static final class BadFlag extends Exception {
        BadFlag(String message) {
            super(message, null, false, false);
        }
    }

    private CommandLine() {
    }

    /** Null when --help was asked for. */
    static LocalClusterConfig parse(List<String> args) throws BadFlag {
        String host = "127.0.0.1";
        int port = 5050;
        Path workDir = null;
        int agents = 1;
        String resources = LocalClusterConfig.DEFAULT_RESOURCES;
        String attributes = "";
        IsolationSettings.Mode isolation = IsolationSettings.Mode.DEFAULT;
        boolean enableCfs = false;
        boolean authenticateFrameworks = false;
        boolean authenticateExecutors = false;
        Path credentials = null;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            String name = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
            if (name.equals("--help") || name.equals("-h")) {
                return null;
            }
            if (flag.equals("--cgroups-enable-cfs")) {
                enableCfs = true;
                continue;
            }
            if (flag.equals("--authenticate-http-frameworks")) {
                authenticateFrameworks = true;
                continue;
            }
            if (flag.equals("--authenticate-http-executors")) {
                authenticateExecutors = true;
                continue;
            }
            String value;
            if (flag.contains("=")) {
                value = flag.substring(flag.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new BadFlag(name + " needs a value (see --help)");
            }
            switch (name) {
                case "--work-dir" -> workDir = Path.of(value).toAbsolutePath();
                case "--port" -> port = integer(name, value, 0, 65535);
                case "--host" -> host = value;
                case "--agents" -> agents = integer(name, value, 1, 64);
                case "--resources" -> resources = value;
                case "--attributes" -> attributes = value;
                case "--isolation" -> isolation = isolationMode(value);
                case "--credentials" -> credentials = Path.of(value);
                default -> throw new BadFlag("unknown flag " + name + " (see --help)");
            }
        }
        if (workDir == null) {
            throw new BadFlag("--work-dir is required: give a directory for sandboxes and checkpoints (see --help)");
        }
        LocalClusterConfig config;
        try {
            config = LocalClusterConfig.defaults(workDir).withPort(port).withAgents(agents, ResourceSpec.parse(resources)).withHost(host)
                    .withIsolation(new IsolationSettings(isolation, enableCfs));
        } catch (IllegalArgumentException e) {
            throw new BadFlag("--resources: " + e.getMessage());
        }
        try {
            config = config.withAgentAttributes(AgentAttributes.parse(attributes));
        } catch (IllegalArgumentException e) {
            throw new BadFlag("--attributes: " + e.getMessage());
        }
        config = authenticateExecutors ? config.withExecutorAuthentication() : config;
        return authenticateFrameworks ? config.withFrameworkCredentials(credentials(credentials)) : config;
    }

    private static FrameworkCredentials credentials(Path file) throws BadFlag {
        if (file == null) {
            throw new BadFlag("--authenticate-http-frameworks needs --credentials FILE with the principals and secrets");
        }
        try {
            return FrameworkCredentials.read(file);
        } catch (IOException | RuntimeException e) {
            throw new BadFlag("--credentials: cannot read " + file + ": " + e.getMessage());
        }
    }

    private static IsolationSettings.Mode isolationMode(String value) throws BadFlag {
        try {
            return IsolationSettings.parseMode(value);
        } catch (IllegalArgumentException e) {
            throw new BadFlag(e.getMessage());
        }
    }

    private static int integer(String name, String value, int min, int max) throws BadFlag {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadFlag(name + " must be a whole number from " + min + " to " + max + ", was '" + value + "'");
        }
    }
}
