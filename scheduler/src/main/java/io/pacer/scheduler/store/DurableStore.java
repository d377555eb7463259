package io.pacer.scheduler.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The scheduler's state on disk, one file per key, that survives {@code kill -9} and power loss: every write goes
 * to a temporary file that is fsynced, renamed over the old one atomically, and the folder fsynced, so a reader
 * sees the old value or the new one, never a torn one. A folder of keys is a folder on disk. One Pacer's store: it
 * has nothing that would let two processes share it. Files could be larger, but it holds no value over ZooKeeper's
 * limit ({@link StateStore#DEFAULT_MAX_VALUE_BYTES}), so that its state can move to ZooKeeper as it is.
 */
public final class DurableStore implements StateStore {
    private static final String TEMP_SUFFIX = StoreKey.TEMP_SUFFIX;

    private final Path root;

    public DurableStore(Path root) {
        try {
            this.root = Files.createDirectories(root).toRealPath();
            deleteLeftoverTempFiles();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + root + " for Pacer's state: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(String key, byte[] value) {
        Path file = fileOf(key);
        if (value.length > DEFAULT_MAX_VALUE_BYTES) {
            throw new ValueTooLargeException(key, value.length, DEFAULT_MAX_VALUE_BYTES, "the file store at " + root);
        }
        Path temp = file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(value);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the state folder's file system cannot rename atomically", e);
            }
            syncFolder(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + key + " to " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> read(String key) {
        try {
            return Optional.of(Files.readAllBytes(fileOf(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + " from " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) {
        Path file = fileOf(key);
        try {
            if (Files.deleteIfExists(file)) {
                syncFolder(file.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + key + " from " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> keys(String folder) {
        Path dir = root.resolve(StoreKey.checkFolder(folder));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> !name.endsWith(TEMP_SUFFIX))
                    .sorted()
                    .map(name -> folder + "/" + name)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + " in " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SortedMap<String, byte[]> readAll(String folder) {
        Path dir = root.resolve(StoreKey.checkFolder(folder));
        if (!Files.isDirectory(dir)) {
            return new TreeMap<>();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().endsWith(TEMP_SUFFIX)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + " in " + root + ": " + e.getMessage(), e);
        }
        SortedMap<String, byte[]> values = new TreeMap<>();
        for (Path file : files) {
            String key = StreamSupport.stream(root.relativize(file).spliterator(), false).map(Path::toString)
                    .collect(Collectors.joining("/"));
            read(key).ifPresent(value -> values.put(key, value));
        }
        return values;
    }

    @Override
    public int maxValueBytes() {
        return DEFAULT_MAX_VALUE_BYTES;
    }

    private Path fileOf(String key) {
        return root.resolve(StoreKey.check(key));
    }

    private static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * A write cut short by kill -9 leaves its temporary file; the renamed value it would have replaced is intact.
     * Files only: a folder may end in ".tmp" (app-versions/web.tmp holds the versions of the app /web.tmp).
     */
    private void deleteLeftoverTempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(TEMP_SUFFIX) && Files.isRegularFile(p)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
