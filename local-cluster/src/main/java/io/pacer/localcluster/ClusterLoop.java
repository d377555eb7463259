package io.pacer.localcluster;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns all master and agent state, as a libprocess actor owns its process's state in Mesos:
 * HTTP handlers, timers and process exits only ever queue work here, so no state needs a lock.
 */
public final class ClusterLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterLoop.class);

    /** A scheduled piece of work that can be called off. */
    @FunctionalInterface
    public interface Timer {
        void cancel();
    }

    private final ScheduledExecutorService thread;
    private final Clock clock;

    public ClusterLoop(Clock clock) {
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-cluster");
            t.setDaemon(true);
            return t;
        });
    }

    public Clock clock() {
        return clock;
    }

    public void execute(Runnable work) {
        try {
            thread.execute(guarded(work));
        } catch (RejectedExecutionException stopped) {
            LOG.debug("Dropping work queued after the loop stopped");
        }
    }

    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (thread.isShutdown()) {
            result.completeExceptionally(new IllegalStateException("the local cluster is stopped"));
            return result;
        }
        thread.execute(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                LOG.error("Unexpected failure on the cluster thread", e);
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Runs {@code work} on the loop after {@code delay}; nothing happens once the loop is stopped. */
    public Timer schedule(Duration delay, Runnable work) {
        try {
            ScheduledFuture<?> f = thread.schedule(guarded(work), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException stopped) {
            return () -> { };
        }
    }

    public void every(Duration period, Runnable work) {
        try {
            thread.scheduleWithFixedDelay(guarded(work), period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("Not scheduling periodic work: the loop is stopped");
        }
    }

    /** Runs {@code work} on the loop and waits for it; for start-up and shutdown only. */
    public <T> T await(Supplier<T> work) {
        return submit(work).join();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Runnable guarded(Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.error("Unexpected failure on the cluster thread", e);
            }
        };
    }
}
