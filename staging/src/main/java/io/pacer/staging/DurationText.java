package io.pacer.staging;

import java.time.Duration;

/** Durations the way a person reads them in an error: "30 s", "250 ms". */
final class DurationText {

    private DurationText() {
    }

    static String of(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
