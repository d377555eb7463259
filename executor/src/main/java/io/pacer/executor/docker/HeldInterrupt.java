package io.pacer.executor.docker;

/**
 * Runs engine calls with a pending interrupt held back, and sets it again afterwards. An interrupt only ever asks to
 * stop a task's launch (the kill request stays set and supervision acts on it); docker-java's calls would fail
 * half-way on it and leave a created or stopped container behind.
 */
final class HeldInterrupt {
    private HeldInterrupt() {
    }

    interface EngineCalls<T, E extends Exception> {
        T run() throws E;
    }

    static <T, E extends Exception> T during(EngineCalls<T, E> calls) throws E {
        boolean interrupted = Thread.interrupted();
        try {
            return calls.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
