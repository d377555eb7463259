package io.pacer.executor.process;

import io.pacer.executor.spec.LogRotation;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates the {@code stdout}/{@code stderr} files tasks write to directly (opened O_APPEND), for every task
 * on one thread: every {@code tick} a file past its {@link LogRotation#maxBytes()} is copied to {@code name.1}
 * (older copies shift to {@code name.2} ... and the oldest beyond {@link LogRotation#keepFiles()} is deleted)
 * and truncated, as logrotate's copytruncate. The task keeps its file descriptors and goes on writing at the
 * new end. The price for not copying every byte through the JVM (two threads per task): a file may pass its
 * limit by what the task writes in one tick, and what it writes between the copy and the truncation is lost.
 */
public final class LogRotator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogRotator.class);

    private final Map<Path, LogRotation> files = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "log-rotation");
        t.setDaemon(true);
        return t;
    });

    public LogRotator(Duration tick) {
        timer.scheduleWithFixedDelay(this::rotateAll, tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Rotates {@code file} from now on, until the returned handle is closed (with a last check then). */
    public AutoCloseable watch(Path file, LogRotation rotation) {
        files.put(file, rotation);
        return () -> {
            files.remove(file);
            rotateIfFull(file, rotation);
        };
    }

    /** One round over every watched file (what the timer runs each tick). */
    void rotateAll() {
        files.forEach(LogRotator::rotateIfFull);
    }

    private static void rotateIfFull(Path file, LogRotation rotation) {
        try {
            if (!Files.exists(file) || Files.size(file) <= rotation.maxBytes()) {
                return;
            }
            int keep = rotation.keepFiles();
            if (keep > 0) {
                Files.deleteIfExists(numbered(file, keep));
                for (int i = keep - 1; i >= 1; i--) {
                    if (Files.exists(numbered(file, i))) {
                        Files.move(numbered(file, i), numbered(file, i + 1), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Files.copy(file, numbered(file, 1), StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
        } catch (IOException e) {
            LOG.warn("Cannot rotate {}: {}", file, e.getMessage());
        }
    }

    private static Path numbered(Path file, int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
