package io.pacer.scheduler.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as Marathon writes them: UTC with exactly three fraction digits ({@code 2026-12-03T10:18:37.000Z}), as
 * its state/Timestamp.scala formats every version, stagedAt, startedAt and event timestamp. {@link Instant#toString}
 * drops zero millis and writes nanoseconds, which clients that parse at most six digits reject.
 */
public final class Timestamps {
    private static final DateTimeFormatter MARATHON = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return MARATHON.format(instant);
    }

    /**
     * A clock that ticks in whole milliseconds, so that an instant Pacer stores is the one it shows: a version read
     * back from the API names the stored version exactly.
     */
    public static Clock millisecondClock(Clock clock) {
        return Clock.tick(clock, Duration.ofMillis(1));
    }
}
