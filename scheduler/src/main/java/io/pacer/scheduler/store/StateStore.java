package io.pacer.scheduler.store;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Where the scheduler keeps everything it must not forget (apps and their versions, groups, deployments, task
 * intents, the framework id), written before it acts on it. Two implementations pass one contract test suite
 * ({@code StateStoreContract}): {@link DurableStore}, files on the local disk for a single Pacer, and
 * {@link ZooKeeperStore}, znodes in ZooKeeper for several Pacers (docs/ha.md).
 *
 * <p><b>Keys</b> are paths of segments separated by '/', each segment of {@code [A-Za-z0-9._-]}, none "." or "..";
 * the last segment of a key does not end in ".tmp" (the file store's writes in progress) — see {@link StoreKey}. A
 * key names a value; the segments before its last one name folders ("apps/web.json" is the value "web.json" in the
 * folder "apps"). A path is a key or a folder, never both: the file store cannot have a file and a folder of one
 * name.
 *
 * <p><b>What callers rely on</b>:
 * <ul>
 *   <li>{@link #write} replaces the whole value at once: a reader, this process after a crash included, sees the
 *       old value or the new one, never a part; when it returns the value is durable (fsynced, or committed by a
 *       ZooKeeper quorum). The folders it needs come into being.</li>
 *   <li>Read-your-writes: {@link #read} and {@link #keys} on this store reflect every write and delete that returned
 *       before them, and a store opened later on the same location (a restarted or newly elected Pacer) sees them
 *       too.</li>
 *   <li>Values are bytes, of any length the store can hold, the empty value included.</li>
 *   <li>Calls for different keys may come from different threads at once; a caller serialises its writes to one
 *       key (each repository owns its folder and synchronises its changes).</li>
 *   <li>One Pacer writes at a time: nothing here stops two processes from writing the same store (fencing is the
 *       leader's job, issue 24).</li>
 * </ul>
 *
 * <p><b>Errors</b> are unchecked: {@link IllegalArgumentException} for a key outside the syntax,
 * {@link ValueTooLargeException} for a value over {@link #maxValueBytes()}, {@link java.io.UncheckedIOException} when the
 * storage fails or cannot be reached, its message naming the key and where the state lives.
 */
public interface StateStore {
    /**
     * The largest value a store holds unless told otherwise, alike for both so that a Pacer moving from the file store
     * to ZooKeeper never meets state it cannot hold: ZooKeeper refuses a request or answer over jute.maxbuffer,
     * 1 MiB - 1 byte unless every server and client is configured otherwise; the 16 KiB margin leaves room for the
     * request around the value (path, ACL, the store's format byte, a fencing check in the same transaction later).
     */
    int DEFAULT_MAX_VALUE_BYTES = 1024 * 1024 - 16 * 1024;

    /** Stores {@code value} under {@code key}, replacing any value it had. */
    void write(String key, byte[] value);

    /** The value last written under {@code key}, or empty when there is none (never written, or deleted). */
    Optional<byte[]> read(String key);

    /** Removes {@code key} and its value; nothing happens when there is none. Its folders stay, perhaps empty. */
    void delete(String key);

    /**
     * The keys of the values directly in {@code folder} (e.g. "apps" gives "apps/web.json"), as whole keys, sorted;
     * not those in its sub-folders, and not the sub-folders themselves. Empty when the folder has no values or does
     * not exist.
     */
    List<String> keys(String folder);

    /**
     * Every value in {@code folder} and in its sub-folders at any depth (e.g. "tasks" gives "tasks/web/web.1"), by
     * whole key, sorted: what {@link #read} of each key would give, read at once. For loading a repository's folder
     * at start: a store reads the values in parallel (ZooKeeper's round trips overlap). Empty when the folder has no
     * values or does not exist.
     */
    SortedMap<String, byte[]> readAll(String folder);

    /** The largest value, in bytes, {@link #write} takes: a larger one is refused with a {@link ValueTooLargeException}. */
    int maxValueBytes();
}
