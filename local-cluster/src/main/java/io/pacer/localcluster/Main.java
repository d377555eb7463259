package io.pacer.localcluster;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar pacer-local-cluster.jar --work-dir DIR [options]}: see {@link CommandLine#USAGE}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        LocalClusterConfig config;
        try {
            config = CommandLine.parse(List.of(args));
        } catch (CommandLine.BadFlag e) {
            System.err.println("pacer-local-cluster: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (config == null) {
            System.out.print(CommandLine.USAGE);
            return;
        }
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(config);
        } catch (IllegalStateException e) {
            // e.g. --isolation cgroups where cgroups cannot be had: the reason, not a stack trace
            System.err.println("pacer-local-cluster: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            stopped.countDown();
        }, "local-cluster-shutdown"));
        System.out.println(cluster.masterUri());
        System.out.flush();
        stopped.await();
    }
}
