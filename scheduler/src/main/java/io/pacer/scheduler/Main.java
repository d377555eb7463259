package io.pacer.scheduler;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar pacer.jar}: parses the flags (one clear line and exit 2 when one is wrong), starts Pacer and
 * keeps it running until it is stopped (Ctrl-C), then shuts everything down.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        PacerConfig config;
        try {
            if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
                System.out.print(PacerConfig.usage());
                return;
            }
            if (List.of(args).contains("--version")) {
                System.out.println("Pacer " + version());
                return;
            }
            config = PacerConfig.parse(List.of(args));
        } catch (PacerConfig.UsageException e) {
            System.err.println("pacer: " + e.getMessage());
            System.exit(2);
            return;
        }
        PacerServer server;
        try {
            server = PacerServer.start(config, version(), Main::stopFor);
        } catch (RefusedStateException e) {
            System.err.println("pacer: " + e.getMessage());
            System.exit(1);
            return;
        }
        announce(System.out, config, server);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "pacer-shutdown"));
        stopped.await();
    }

    /** Pacer must not go on (Mesos removed its framework; an elected Pacer found a state it must not act on). */
    private static void stopFor(String reason) {
        System.err.println("pacer: " + reason);
        // from a thread of its own: exiting runs the shutdown hook, which waits for the threads that may call this
        new Thread(() -> System.exit(1), "pacer-exit").start();
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "(development build)";
    }

    private static void announce(PrintStream out, PacerConfig config, PacerServer server) {
        out.println("Pacer " + version() + " is running");
        out.println("  REST API   " + server.apiUrl() + "/v2/apps");
        out.println("  web UI     " + server.apiUrl() + "/");
        server.alsoHttpUrl().ifPresent(url -> out.println("  plain HTTP " + url + "/v2/apps (also)"));
        out.println("  master     " + server.master() + (server.embedded() ? " (embedded local cluster, "
                + config.localAgents() + " agent" + (config.localAgents() == 1 ? "" : "s") + ")" : ""));
        out.println("  work dir   " + config.workDir());
        server.discovery().ifPresent(d -> {
            out.println("  discovery  " + config.discovery().orElseThrow().outputs() + ", files in " + config.discovery().orElseThrow().workDir());
            d.dnsPort().ifPresent(p -> out.println("  DNS        " + config.discovery().orElseThrow().dnsHost() + ":" + p + " for "
                    + config.discovery().orElseThrow().dnsDomain() + "."));
        });
    }
}
