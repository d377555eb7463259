package io.pacer.executor.docker;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs engine calls where a task's interrupt cannot reach them: on a thread of their own, waited for to the end.
 * An interrupt only ever asks to stop a task's launch (the kill request stays set and supervision acts on it);
 * reaching docker-java mid-call it closes the connection (ClosedByInterruptException) while the engine goes on,
 * leaving a container created or stopped that nobody knows of. The waiting thread's interrupt is kept for after.
 */
final class Uninterruptible {
    private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "docker-call");
        t.setDaemon(true);
        return t;
    });

    private Uninterruptible() {
    }

    interface EngineCalls<T, E extends Exception> {
        T run() throws E;
    }

    static <T, E extends Exception> T call(EngineCalls<T, E> calls) throws E {
        Future<T> result = CALLS.submit(calls::run);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw Uninterruptible.<E>rethrow(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The calls' own exception as they threw it: unchecked ones as they are, the checked one they declare as E. */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return (E) cause;
    }
}
