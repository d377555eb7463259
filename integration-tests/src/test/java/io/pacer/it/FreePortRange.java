package io.pacer.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A range of ports free on loopback now, for an embedded agent's {@code ports} resource. Every Pacer on one machine
 * offers 31000-32000 by default, so the tasks of two test runs at once (colleagues' on a shared CI machine) bind the
 * same port and one fails with "Address already in use"; a test whose tasks listen on their ports avoids that with
 * a range of its own: {@code PacerProcess.start(dir, "--local-resources", FreePortRange.find(100).asResources())}.
 */
record FreePortRange(int first, int last) {
    private static final int LOWEST = 20000;
    private static final int HIGHEST = 30000;

    /** {@code size} consecutive ports, each free when looked at, from a random place between 20000 and 30000. */
    static FreePortRange find(int size) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST - size);
            if (allFree(first, first + size - 1)) {
                return new FreePortRange(first, first + size - 1);
            }
        }
        throw new IOException("no " + size + " consecutive free ports between " + LOWEST + " and " + HIGHEST);
    }

    /** The embedded agent's resources (pacer.jar's defaults) with these ports. */
    String asResources() {
        return "cpus:4;mem:8192;disk:20000;ports:[" + first + "-" + last + "]";
    }

    private static boolean allFree(int first, int last) {
        for (int port = first; port <= last; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
