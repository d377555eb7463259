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

    public static void main(String[] args) throws InterruptedException {
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
        if (config.master().isEmpty()) {
            System.err.println("pacer: the embedded cluster is not in this build yet: pass --master http://HOST:5050");
            System.exit(2);
            return;
        }
        PacerServer server = PacerServer.start(config, config.master().get(), version());
        announce(System.out, config, server);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "pacer-shutdown"));
        stopped.await();
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "(development build)";
    }

    private static void announce(PrintStream out, PacerConfig config, PacerServer server) {
        out.println("Pacer " + version() + " is running");
        out.println("  REST API   http://" + config.hostname() + ":" + server.httpPort() + "/v2/apps");
        out.println("  master     " + config.master().map(Object::toString).orElse("embedded"));
        out.println("  work dir   " + config.workDir());
    }
}
