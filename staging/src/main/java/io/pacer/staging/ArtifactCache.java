package io.pacer.staging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The machine-wide artifact cache: one folder per artifact, keyed by its sha256 when given (content-addressed)
 * and by its URI otherwise, holding the fetched file ({@code blob}) and, for an archive, the tree it unpacks to
 * ({@code tree/}), which sandboxes hard-link to.
 *
 * <p>Every use of an entry holds its lock: a {@link ReentrantLock} between the threads of this JVM and an
 * exclusive {@link FileLock} on {@code locks/KEY.lock} between the executors on the machine, each its own JVM.
 * So a second request for an artifact being downloaded waits for that download instead of starting its own,
 * and eviction, which only ever {@code tryLock}s, never removes an entry in use. Lock files stay: deleting one
 * while another process waits on it would let two processes hold "the" lock.
 */
final class ArtifactCache {

    private static final Logger log = LoggerFactory.getLogger(ArtifactCache.class);
    private static final String PROPERTIES = "entry.properties";

    private final Path entries;
    private final Path locks;
    private final long maxBytes;
    private final StagingMetrics metrics;
    /**
     * One lock per lock file for the whole JVM, not per cache object: the JVM holds file locks for all its
     * threads, and two caches on one folder in one JVM (the local cluster's fetcher beside an executor's)
     * would otherwise collide on them.
     */
    private static final ConcurrentHashMap<Path, ReentrantLock> THREAD_LOCKS = new ConcurrentHashMap<>();

    ArtifactCache(Path root, long maxBytes, StagingMetrics metrics) throws IOException {
        this.entries = Files.createDirectories(root.resolve("entries"));
        this.locks = Files.createDirectories(root.resolve("locks"));
        this.maxBytes = maxBytes;
        this.metrics = metrics;
    }

    static String keyFor(Artifact artifact) {
        String identity = artifact.sha256().map(hex -> "sha256:" + hex).orElse("uri:" + artifact.uri());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Blocks until this thread holds the entry exclusively, on this machine. */
    Entry acquire(String key, String displayUri) throws StagingException {
        Path lockFile = lockFile(key);
        ReentrantLock threadLock = THREAD_LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        try {
            threadLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StagingException(FailureCause.INTERRUPTED, "interrupted waiting for the cache entry of "
                    + displayUri, e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.lock();
            return new Entry(key, threadLock, fileLock);
        } catch (IOException e) {
            closeQuietly(channel);
            threadLock.unlock();
            throw new StagingException(FailureCause.LOCAL_IO, "cannot lock the cache entry of " + displayUri + " in "
                    + locks + ": " + e, e);
        }
    }

    /** Removes least recently used entries that nobody is using until the cache fits its limit. */
    void evictBeyondLimit() {
        List<EntryUsage> usages = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(entries)) {
            dirs.forEach(dir -> readUsage(dir).ifPresent(usages::add));
        } catch (IOException e) {
            log.warn("cannot list the cache at {}: {}", entries, e.toString());
            return;
        }
        long total = usages.stream().mapToLong(EntryUsage::bytes).sum();
        usages.sort(Comparator.comparing(EntryUsage::lastUsed));
        for (EntryUsage usage : usages) {
            if (total <= maxBytes) {
                return;
            }
            Optional<Entry> idle = tryAcquire(usage.key());
            if (idle.isEmpty()) {
                continue; // in use by a thread or a process: not ours to take away
            }
            try (Entry entry = idle.get()) {
                entry.remove();
                total -= usage.bytes();
                metrics.eviction();
                log.info("evicted cache entry {} ({}, {} bytes) to stay within {} bytes", usage.key(),
                        usage.uri(), usage.bytes(), maxBytes);
            } catch (IOException e) {
                log.warn("cannot evict cache entry {}: {}", usage.key(), e.toString());
            }
        }
    }

    private record EntryUsage(String key, String uri, long bytes, FileTime lastUsed) {
    }

    private Optional<EntryUsage> readUsage(Path dir) {
        Path file = dir.resolve(PROPERTIES);
        try {
            Properties properties = load(file);
            long bytes = Long.parseLong(properties.getProperty("blobBytes", "0"))
                    + Long.parseLong(properties.getProperty("treeBytes", "0"));
            return Optional.of(new EntryUsage(dir.getFileName().toString(), properties.getProperty("uri"), bytes,
                    Files.getLastModifiedTime(file)));
        } catch (IOException | NumberFormatException e) {
            // being written, or left by a crash; the next user of the key cleans it up
            return Optional.empty();
        }
    }

    private Optional<Entry> tryAcquire(String key) {
        Path lockFile = lockFile(key);
        ReentrantLock threadLock = THREAD_LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        if (!threadLock.tryLock()) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.tryLock();
            if (fileLock != null) {
                return Optional.of(new Entry(key, threadLock, fileLock));
            }
        } catch (IOException e) {
            log.debug("cannot try the lock of cache entry {}: {}", key, e.toString());
        }
        closeQuietly(channel);
        threadLock.unlock();
        return Optional.empty();
    }

    private Path lockFile(String key) {
        return locks.resolve(key + ".lock").toAbsolutePath().normalize();
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel either way
            }
        }
    }

    /** One cache entry, held exclusively until closed. */
    final class Entry implements AutoCloseable {

        private final String key;
        private final ReentrantLock threadLock;
        private final FileLock fileLock;
        private final Path dir;
        private Properties properties;

        private Entry(String key, ReentrantLock threadLock, FileLock fileLock) throws IOException {
            this.key = key;
            this.threadLock = threadLock;
            this.fileLock = fileLock;
            this.dir = entries.resolve(key);
            Path file = dir.resolve(PROPERTIES);
            this.properties = Files.exists(file) ? load(file) : new Properties();
        }

        Path blob() {
            return dir.resolve("blob");
        }

        Path tree() {
            return dir.resolve("tree");
        }

        /** A fresh folder name to unpack into before {@link #sealTree}. */
        Path unpackDir() {
            return dir.resolve("tree.part");
        }

        boolean hasBlob() {
            return properties.containsKey("blobBytes") && Files.isRegularFile(blob());
        }

        long blobBytes() {
            return Long.parseLong(properties.getProperty("blobBytes"));
        }

        /** Whether the tree was unpacked for this layout (format, and name for a lone gzip file). */
        boolean hasTree(String layout) {
            return layout.equals(properties.getProperty("treeLayout")) && Files.isDirectory(tree());
        }

        FileTime treeSealedAt() {
            return FileTime.fromMillis(Long.parseLong(properties.getProperty("treeSealedAt")));
        }

        /** Clears what an interrupted earlier user left, before a fresh download. */
        void prepareForDownload() throws IOException {
            FileTree.delete(dir);
            Files.createDirectories(dir);
            properties = new Properties();
        }

        void sealBlob(Artifact artifact, long bytes) throws IOException {
            properties.setProperty("uri", artifact.displayUri());
            properties.setProperty("blobBytes", Long.toString(bytes));
            save();
        }

        /** Makes the unpacked {@link #unpackDir()} the entry's tree. */
        void sealTree(String layout, long bytes) throws IOException {
            Files.move(unpackDir(), tree(), StandardCopyOption.ATOMIC_MOVE);
            properties.setProperty("treeLayout", layout);
            properties.setProperty("treeBytes", Long.toString(bytes));
            // whole milliseconds, rounded up: every file of the tree has an mtime at or before this
            long sealedAt = Instant.now().toEpochMilli() + 1;
            properties.setProperty("treeSealedAt", Long.toString(sealedAt));
            save();
            awaitFileClockPast(sealedAt);
        }

        /**
         * The kernel stamps file times from a coarse clock that lags the one above by up to a tick (a few ms), so a
         * write right after sealing could be stamped at or before the seal and go unnoticed. Waiting until a file
         * written now is stamped after it (one tick at most) makes every later write look later than the seal.
         */
        private void awaitFileClockPast(long sealedAt) throws IOException {
            while (Files.getLastModifiedTime(dir.resolve(PROPERTIES)).toMillis() <= sealedAt) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while sealing " + dir);
                }
                save();
            }
        }

        void discardTree() throws IOException {
            properties.remove("treeLayout");
            properties.remove("treeBytes");
            properties.remove("treeSealedAt");
            save();
            FileTree.delete(tree());
            FileTree.delete(unpackDir());
        }

        /** Marks the entry as just used, for least-recently-used eviction. */
        void touch() throws IOException {
            Files.setLastModifiedTime(dir.resolve(PROPERTIES), FileTime.from(Instant.now()));
        }

        private void remove() throws IOException {
            // the properties go first: a half-removed entry then reads as incomplete, never as valid
            Files.deleteIfExists(dir.resolve(PROPERTIES));
            FileTree.delete(dir);
        }

        private void save() throws IOException {
            Path temporary = dir.resolve(PROPERTIES + ".part");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                properties.store(out, "pacer artifact cache entry");
            }
            Files.move(temporary, dir.resolve(PROPERTIES), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public void close() {
            try {
                fileLock.channel().close(); // releases the file lock
            } catch (IOException e) {
                log.warn("cannot release the lock of cache entry {}: {}", key, e.toString());
            } finally {
                threadLock.unlock();
            }
        }
    }
}
