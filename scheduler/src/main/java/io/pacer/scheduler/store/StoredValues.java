package io.pacer.scheduler.store;

import java.util.List;
import java.util.SortedMap;
import java.util.function.BiFunction;

/**
 * What a repository loads at start: the values of its folder, read at once ({@link StateStore#readAll}), each turned
 * into what it stores on every core, in key order; parsing 100,000 task records takes about as long as reading them.
 */
public final class StoredValues {
    private StoredValues() {
    }

    /** {@code parse} of each key and value, in key order; a value it cannot parse fails the whole (as it throws). */
    public static <T> List<T> parse(SortedMap<String, byte[]> values, BiFunction<String, byte[], T> parse) {
        return values.entrySet().parallelStream().map(value -> parse.apply(value.getKey(), value.getValue())).toList();
    }
}
