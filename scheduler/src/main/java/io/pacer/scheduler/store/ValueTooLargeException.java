package io.pacer.scheduler.store;

/**
 * A value bigger than the store can hold in one piece (ZooKeeper's znodes, docs/ha.md); nothing was written. Carries
 * the sizes so that the API can refuse the request that would have made it, naming the field.
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
