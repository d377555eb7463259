package io.pacer.scheduler.time;

import java.time.Duration;
import java.time.Instant;

/** A clock the test moves by hand. */
public final class MovableClock extends UtcTestClock {
    private Instant now;

    public MovableClock(Instant start) {
        this.now = start;
    }

    public MovableClock() {
        this(Instant.parse("2026-11-25T10:00:00Z"));
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
