package io.pacer.cgroups;

import java.util.Optional;

/** What was looked for, or why it cannot be had here (for the one start-up line that says so). */
public record Found<T>(Optional<T> value, String why) {
    static <T> Found<T> of(T value) {
        return new Found<>(Optional.of(value), "");
    }

    static <T> Found<T> none(String why) {
        return new Found<>(Optional.empty(), why);
    }
}
