package io.pacer.discovery;

import io.pacer.discovery.zk.ZooKeeperUrl;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/** pacer-discovery's command line, parsed and checked: every flag of {@link #usage()}, with its default. */
public record DiscoveryConfig(
        URI pacer,
        Set<Output> outputs,
        Path workDir,
        Path haproxyBinary,
        String haproxyBind,
        String dnsHost,
        int dnsPort,
        String dnsDomain,
        Path endpointsDir,
        boolean endpointsPerApp,
        Optional<ZooKeeperUrl> zk,
        Optional<String> pacerAuthorization,
        Optional<SSLContext> pacerTrust) {

    private static final String ZK_EXAMPLE = "zk://host1:2181,host2:2181/pacer-discovery";

    /** The same, following the Pacer at {@code api}. */
    public DiscoveryConfig withPacer(URI api) {
        return new DiscoveryConfig(api, outputs, workDir, haproxyBinary, haproxyBind, dnsHost, dnsPort, dnsDomain, endpointsDir,
                endpointsPerApp, zk, pacerAuthorization, pacerTrust);
    }

    /** The same, asking Pacer's API with HTTP Basic credentials of a Pacer user (a viewer is enough). */
    public DiscoveryConfig withPacerCredentials(String user, String password) {
        String basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new DiscoveryConfig(pacer, outputs, workDir, haproxyBinary, haproxyBind, dnsHost, dnsPort, dnsDomain, endpointsDir,
                endpointsPerApp, zk, Optional.of(basic), pacerTrust);
    }

    /**
     * The same, trusting whom {@code trust} trusts when Pacer's API is HTTPS, instead of the JDK's default trust store
     * (which {@code -Djavax.net.ssl.trustStore} may point elsewhere).
     */
    public DiscoveryConfig withPacerTrust(SSLContext trust) {
        return new DiscoveryConfig(pacer, outputs, workDir, haproxyBinary, haproxyBind, dnsHost, dnsPort, dnsDomain, endpointsDir,
                endpointsPerApp, zk, pacerAuthorization, Optional.of(trust));
    }

    /** Never the credentials: the configuration may be logged. */
    @Override
    public String toString() {
        return "DiscoveryConfig[pacer=" + pacer + (pacerAuthorization.isPresent() ? " (with credentials)" : "") + ", outputs=" + outputs
                + zk.map(url -> ", zk=" + url).orElse("") + ", workDir=" + workDir + "]";
    }

    /** What discovery keeps up to date. */
    public enum Output { HAPROXY, DNS, FILE, ZK }

    /** A flag discovery cannot use; its message is the one line the user sees. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static String usage(String command, String prefix) {
        return """
                Usage: %1$s [options]

                Follows Pacer's apps (GET /v2/apps?embed=apps.tasks, then /v2/events) and keeps their healthy, running
                endpoints in HAProxy, in a DNS server, in a JSON file and (with --zk) in ZooKeeper.

                Options (value flags take %2$sflag VALUE or %2$sflag=VALUE):
                  %2$spacer URL              Pacer's REST API (default http://127.0.0.1:8080)
                  %2$spacer-credentials-file FILE
                                           user:password of a Pacer user (a viewer is enough), when Pacer's API
                                           requires credentials (--http-credentials); a file, to stay out of ps
                  %2$soutputs LIST           which of haproxy,dns,file,zk to keep (default haproxy,dns,file, and zk
                                           when %2$szk is given)
                  %2$swork-dir DIR           HAProxy's config, sockets and log, the endpoints files (default ./.pacer-discovery)
                  %2$shaproxy-bin PATH       the HAProxy (2.x) to run (default /usr/sbin/haproxy)
                  %2$shaproxy-bind ADDRESS   address the service-port frontends listen on (default 0.0.0.0)
                  %2$sdns-host ADDRESS       address the DNS server listens on, UDP and TCP (default 0.0.0.0)
                  %2$sdns-port N             its port (default 8600; 53 needs root)
                  %2$sdns-domain NAME        the domain it answers for (default pacer)
                  %2$sendpoints-dir DIR      where endpoints.json goes (default WORK_DIR/endpoints)
                  %2$sendpoints-per-app      also write one file per app, apps/<app id with _>.json
                  %2$szk URL                 also keep one znode per app (<app id with _>) in ZooKeeper, under the
                                           path of a URL such as zk://host1:2181,host2:2181/pacer-discovery
                """.formatted(command, prefix);
    }

    /** Reads {@code --flag value} / {@code --flag=value} pairs, with the defaults of {@code --pacer} and {@code --work-dir}. */
    public static DiscoveryConfig parse(List<String> args, URI defaultPacer, Path defaultWorkDir) throws UsageException {
        try {
            return read(args, defaultPacer, defaultWorkDir);
        } catch (Bad e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static DiscoveryConfig read(List<String> args, URI defaultPacer, Path defaultWorkDir) throws UsageException {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "' (see --help)");
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                names.add(arg.substring(0, eq));
                values.add(arg.substring(eq + 1));
            } else if (arg.equals("--endpoints-per-app")) {
                names.add(arg);
                values.add("true");
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                names.add(arg);
                values.add(args.get(++i));
            } else {
                throw new UsageException(arg + " needs a value (see --help)");
            }
        }
        Flags flags = new Flags(names, values);
        URI pacer = flags.get("--pacer").map(DiscoveryConfig::pacerUri).orElse(defaultPacer);
        Optional<ZooKeeperUrl> zk = flags.get("--zk").map(DiscoveryConfig::zkUrl);
        Set<Output> outputs = flags.get("--outputs").map(DiscoveryConfig::outputs).orElse(EnumSet.of(Output.HAPROXY, Output.DNS, Output.FILE));
        if (zk.isPresent()) {
            outputs.add(Output.ZK);
        } else if (outputs.contains(Output.ZK)) {
            throw new UsageException("--zk is missing: the zk output needs a URL such as " + ZK_EXAMPLE);
        }
        Path workDir = flags.get("--work-dir").map(Path::of).orElse(defaultWorkDir).toAbsolutePath();
        Path haproxy = flags.get("--haproxy-bin").map(Path::of).orElse(Path.of("/usr/sbin/haproxy"));
        String haproxyBind = flags.get("--haproxy-bind").orElse("0.0.0.0");
        String dnsHost = flags.get("--dns-host").orElse("0.0.0.0");
        int dnsPort = flags.get("--dns-port").map(v -> port("--dns-port", v)).orElse(8600);
        String domain = flags.get("--dns-domain").orElse("pacer");
        Path endpoints = flags.get("--endpoints-dir").map(Path::of).orElse(workDir.resolve("endpoints")).toAbsolutePath();
        boolean perApp = flags.get("--endpoints-per-app").map(DiscoveryConfig::bool).orElse(false);
        Optional<String[]> credentials = flags.get("--pacer-credentials-file").map(DiscoveryConfig::credentials);
        flags.refuseRest();
        DiscoveryConfig config = new DiscoveryConfig(pacer, outputs, workDir, haproxy, haproxyBind, dnsHost, dnsPort, domain, endpoints,
                perApp, zk, Optional.empty(), Optional.empty());
        return credentials.map(c -> config.withPacerCredentials(c[0], c[1])).orElse(config);
    }

    /** The flags given, each read once. */
    private record Flags(List<String> names, List<String> values, Set<String> read) {
        Flags(List<String> names, List<String> values) {
            this(names, values, new java.util.HashSet<>());
        }

        Optional<String> get(String name) throws UsageException {
            read.add(name);
            int at = names.lastIndexOf(name);
            if (at >= 0 && values.get(at).isBlank()) {
                throw new UsageException(name + " needs a value (see --help)");
            }
            return at < 0 ? Optional.empty() : Optional.of(values.get(at));
        }

        void refuseRest() throws UsageException {
            for (String name : names) {
                if (!read.contains(name)) {
                    throw new UsageException("unknown option '" + name + "' (see --help)");
                }
            }
        }
    }

    /** Unchecked so that flag readers can be lambdas; {@link #parse} turns it into a usage error. */
    private static final class Bad extends RuntimeException {
        Bad(String message) {
            super(message);
        }
    }

    private static String[] credentials(String file) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            throw new Bad("--pacer-credentials-file: cannot read " + file + " (" + e + ")");
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new Bad("--pacer-credentials-file: " + file + " must hold user:password");
        }
        return new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }

    private static URI pacerUri(String text) {
        URI uri = URI.create(text.contains("://") ? text : "http://" + text);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new Bad("--pacer needs an address such as http://127.0.0.1:8080, got '" + text + "'");
        }
        return uri;
    }

    private static Set<Output> outputs(String text) {
        Set<Output> out = EnumSet.noneOf(Output.class);
        for (String part : text.split(",")) {
            try {
                out.add(Output.valueOf(part.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new Bad("--outputs takes haproxy, dns, file and zk, comma-separated; '" + part.trim() + "' is none of them");
            }
        }
        return out;
    }

    private static ZooKeeperUrl zkUrl(String text) {
        try {
            return ZooKeeperUrl.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Bad("--zk needs a URL such as " + ZK_EXAMPLE + ": " + e.getMessage());
        }
    }

    private static int port(String flag, String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0 && n <= 65535) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Bad(flag + " needs a port from 0 to 65535, got '" + text + "'");
    }

    private static boolean bool(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new Bad("--endpoints-per-app is true or false, got '" + text + "'");
    }
}
