package io.pacer.executor;

import java.util.UUID;

/** The executor run id the tests' task environments mark their processes with: one per test JVM. */
public final class TestRuns {
    public static final String ID = UUID.randomUUID().toString();

    private TestRuns() {
    }
}
