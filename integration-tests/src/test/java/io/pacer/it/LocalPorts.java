package io.pacer.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports of a test's own, for the embedded agent to offer and for a service port: every Pacer on this machine offers
 * 31000–32000 by default, so tasks of another test run at the same time (a colleague's suite, CI beside a build) take
 * the same ports and the loser's server fails to bind, over and over. Picked below the kernel's ephemeral ports and
 * above Pacer's service ports (10000–20000), at random, checked free.
 */
final class LocalPorts {
    private static final int BLOCK = 100;

    private LocalPorts() {
    }

    /** pacer.jar's {@code --local-resources} with the default resources and a block of ports of this test's own. */
    static String[] agentFlags() throws IOException {
        int first = freeBlock(21000, 29999);
        return new String[] {"--local-resources", "cpus:4;mem:8192;disk:20000;ports:[" + first + "-" + (first + BLOCK - 1) + "]"};
    }

    /**
     * A free port for Pacer's own API, to start it on the same one again after a crash: the executor's URL is part of
     * its ExecutorInfo, and a Pacer on another port would offer new tasks to a running executor with an ExecutorInfo
     * Mesos refuses.
     */
    static String apiPort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return Integer.toString(free.getLocalPort());
        }
    }

    /** One free port for a service port (20001–20999, a range no agent offers here). */
    static int servicePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20001, 21000);
            if (free(port)) {
                return port;
            }
        }
        throw new IOException("no free port in 20001-20999 on loopback");
    }

    private static int freeBlock(int from, int to) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int first = from + ThreadLocalRandom.current().nextInt((to - from + 1) / BLOCK) * BLOCK;
            boolean all = true;
            for (int port = first; port < first + BLOCK && all; port++) {
                all = free(port);
            }
            if (all) {
                return first;
            }
        }
        throw new IOException("no block of " + BLOCK + " free ports in " + from + "-" + to);
    }

    private static boolean free(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
