package io.pacer.it;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Waits for what has no event to wait on (a file, a log line, a process's end), looking every 200 ms. */
final class Poll {
    private static final Duration EVERY = Duration.ofMillis(200);

    /** A look that finds what is waited for, or nothing yet. */
    @FunctionalInterface
    interface Look<T> {
        Optional<T> find() throws Exception;
    }

    private Poll() {
    }

    /** What {@code look} finds first; fails after {@code within} with {@code waitedFor}'s words, asked only then. */
    static <T> T until(Duration within, Callable<String> waitedFor, Look<T> look) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Optional<T> found = look.find();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + within.toSeconds() + " s for " + waitedFor.call());
            }
            Thread.sleep(EVERY.toMillis());
        }
    }
}
