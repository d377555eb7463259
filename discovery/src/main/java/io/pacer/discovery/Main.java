package io.pacer.discovery;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar pacer-discovery.jar}: one clear line and exit 2 for a wrong flag; runs until stopped (Ctrl-C). */
public final class Main {
    public static final URI DEFAULT_PACER = URI.create("http://127.0.0.1:8080");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(DiscoveryConfig.usage("java -jar pacer-discovery.jar", "--"));
            return;
        }
        DiscoveryConfig config;
        try {
            config = DiscoveryConfig.parse(List.of(args), DEFAULT_PACER, Path.of(".pacer-discovery"));
        } catch (DiscoveryConfig.UsageException e) {
            System.err.println("pacer-discovery: " + e.getMessage());
            System.exit(2);
            return;
        }
        Discovery discovery;
        try {
            discovery = Discovery.start(config);
        } catch (java.io.IOException | IllegalArgumentException e) {
            System.err.println("pacer-discovery: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("pacer-discovery is following " + config.pacer() + " (outputs: " + config.outputs() + ")");
        discovery.dnsPort().ifPresent(p -> System.out.println("  DNS        " + config.dnsHost() + ":" + p + " for " + config.dnsDomain() + "."));
        config.zk().ifPresent(zk -> System.out.println("  ZooKeeper  " + zk));
        System.out.println("  work dir   " + config.workDir());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            discovery.close();
            stopped.countDown();
        }, "discovery-shutdown"));
        stopped.await();
    }
}
