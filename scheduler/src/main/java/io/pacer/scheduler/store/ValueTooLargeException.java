package io.pacer.scheduler.store;

/**
 * A value over the store's {@link StateStore#maxValueBytes()} (what one znode holds, docs/ha.md); nothing was written.
 * Carries the sizes, for a message that says what to shrink.
 */
public final class ValueTooLargeException extends IllegalArgumentException {
    private final String key;
    private final int size;
    private final int limit;

    public ValueTooLargeException(String key, int size, int limit, String where) {
        super("cannot store " + key + ": its value has " + size + " bytes, over the " + limit + " bytes " + where
                + " holds in one value");
        this.key = key;
        this.size = size;
        this.limit = limit;
    }

    public String key() {
        return key;
    }

    public int size() {
        return size;
    }

    public int limit() {
        return limit;
    }
}
