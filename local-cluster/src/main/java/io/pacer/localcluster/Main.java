package io.pacer.localcluster;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar pacer-local-cluster.jar --work-dir DIR [--port 5050] [--agents N] [--resources SPEC]}. */
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
        LocalCluster cluster = LocalCluster.start(config);
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
