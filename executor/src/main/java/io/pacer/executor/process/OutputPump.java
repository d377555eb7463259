package io.pacer.executor.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one output pipe of a task into its {@link RotatingLogFile} on a small thread of its own, until every
 * writer of the pipe (the task and its children) has closed it.
 */
final class OutputPump {
    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);
    private static final long STACK_BYTES = 128 * 1024;

    private OutputPump() {
    }

    /** Starts copying; the future completes when the pipe reaches its end and the file is closed. */
    static CompletableFuture<Void> start(String name, InputStream pipe, RotatingLogFile log) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(null, () -> {
            byte[] buffer = new byte[8192];
            try (pipe; log) {
                int n;
                while ((n = pipe.read(buffer)) >= 0) {
                    log.write(buffer, 0, n);
                }
            } catch (IOException e) {
                LOG.warn("Copying {} into {} stopped: {}", name, log.file(), e.getMessage());
            } finally {
                done.complete(null);
            }
        }, name, STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
        return done;
    }
}
