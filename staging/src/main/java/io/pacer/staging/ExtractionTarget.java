package io.pacer.staging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The folder an archive is unpacked into, and the gatekeeper for every entry: it refuses names and links that
 * leave the folder, special files, and growth beyond the {@link ExtractionLimits}. The archive readers only
 * translate entries into calls here.
 *
 * <p>Symlinks are created last, after every file is written, so no entry is ever written through a link the
 * archive made; then each link is resolved through the finished tree and must stay inside.
 */
final class ExtractionTarget {

    private static final int COPY_BUFFER = 1 << 16;

    private final Path root;
    private final ExtractionLimits limits;
    private final LongSupplier compressedBytes;
    private final boolean readOnlyFiles;
    private final String displayUri;
    private final FileTime startedAt = FileTime.from(Instant.now());
    private final byte[] buffer = new byte[COPY_BUFFER];
    private final List<PendingSymlink> symlinks = new ArrayList<>();
    private final List<PendingMode> directoryModes = new ArrayList<>();
    private long entries;
    private long bytes;

    private record PendingSymlink(String name, Path link, String target) {
    }

    private record PendingMode(Path directory, int mode) {
    }

    /**
     * @param compressedBytes how many archive bytes have been consumed so far, for the ratio limit
     * @param readOnlyFiles   strip the write bits from files (a cached tree that sandboxes hard-link to)
     */
    ExtractionTarget(Path root, ExtractionLimits limits, LongSupplier compressedBytes, boolean readOnlyFiles,
                     String displayUri) {
        this.root = root;
        this.limits = limits;
        this.compressedBytes = compressedBytes;
        this.readOnlyFiles = readOnlyFiles;
        this.displayUri = displayUri;
    }

    void directory(String name, int mode) throws StagingException {
        Path dir = resolve(name);
        count(name);
        try {
            if (Files.isRegularFile(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw corrupt("archive entry " + name + " is both a file and a directory");
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw localFailure(name, e);
        }
        directoryModes.add(new PendingMode(dir, mode));
    }

    void file(String name, int mode, FileTime modified, InputStream content) throws StagingException {
        Path file = resolve(name);
        count(name);
        try {
            prepareParent(name, file);
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                throw corrupt("archive entry " + name + " is both a directory and a file");
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                copy(name, content, out);
            }
            Files.setPosixFilePermissions(file, permissions(readOnlyFiles ? mode & ~0222 : mode));
            // a cached tree's files must not look newer than the tree: that is how tampering is noticed
            boolean future = readOnlyFiles && modified.compareTo(startedAt) > 0;
            Files.setLastModifiedTime(file, future ? startedAt : modified);
        } catch (IOException e) {
            throw localFailure(name, e);
        }
    }

    void hardLink(String name, String targetName) throws StagingException {
        Path link = resolve(name);
        Path target;
        try {
            target = resolve(targetName);
        } catch (StagingException e) {
            throw unsafe("archive entry " + name + " is a hard link to " + targetName + ", outside the sandbox");
        }
        count(name);
        try {
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                throw corrupt("archive entry " + name + " is a hard link to " + targetName
                        + ", which is not a file earlier in the archive");
            }
            prepareParent(name, link);
            Files.deleteIfExists(link);
            Files.createLink(link, target);
        } catch (IOException e) {
            throw localFailure(name, e);
        }
    }

    void symlink(String name, String targetName) throws StagingException {
        Path link = resolve(name);
        if (targetName.isEmpty() || targetName.startsWith("/")) {
            throw unsafe("archive entry " + name + " is a symlink to " + targetName + ", outside the sandbox");
        }
        try {
            if (!link.getParent().resolve(targetName).normalize().startsWith(root)) {
                throw unsafe("archive entry " + name + " is a symlink to " + targetName + ", outside the sandbox");
            }
        } catch (InvalidPathException e) {
            throw unsafe("archive entry " + name + " is a symlink to an invalid path");
        }
        count(name);
        symlinks.add(new PendingSymlink(name, link, targetName));
    }

    /** Device files, FIFOs and sockets never belong in a sandbox. */
    void special(String name, String kind) throws StagingException {
        throw unsafe("archive entry " + name + " is a " + kind + "; device files and FIFOs are not allowed");
    }

    ExtractionSummary finish() throws StagingException {
        try {
            for (PendingSymlink pending : symlinks) {
                prepareParent(pending.name(), pending.link());
                if (Files.isDirectory(pending.link(), LinkOption.NOFOLLOW_LINKS)) {
                    throw corrupt("archive entry " + pending.name() + " is both a directory and a symlink");
                }
                Files.deleteIfExists(pending.link());
                Files.createSymbolicLink(pending.link(), Path.of(pending.target()));
            }
            for (PendingSymlink pending : symlinks) {
                if (!ContainedPath.staysInside(root, root.relativize(pending.link()))) {
                    throw unsafe("archive entry " + pending.name() + " is a symlink to " + pending.target()
                            + ", which resolves outside the sandbox");
                }
            }
            // deepest first, so a read-only parent does not stop its children from getting their modes
            directoryModes.sort(Comparator.comparingInt((PendingMode m) -> m.directory().getNameCount()).reversed());
            for (PendingMode pending : directoryModes) {
                Files.setPosixFilePermissions(pending.directory(),
                        permissions(readOnlyFiles ? pending.mode() | 0700 : pending.mode()));
            }
        } catch (IOException e) {
            throw localFailure(root.toString(), e);
        }
        return new ExtractionSummary(entries, bytes);
    }

    private void copy(String name, InputStream content, OutputStream out) throws StagingException, IOException {
        while (true) {
            int n;
            try {
                n = content.read(buffer);
            } catch (IOException e) {
                throw unreadable(e);
            }
            if (n < 0) {
                return;
            }
            out.write(buffer, 0, n);
            bytes += n;
            checkGrowth(name);
        }
    }

    private void checkGrowth(String name) throws StagingException {
        if (bytes > limits.maxTotalBytes()) {
            throw limit("unpacks to more than " + limits.maxTotalBytes() + " bytes (at entry " + name + ")");
        }
        if (bytes > ExtractionLimits.RATIO_GRACE_BYTES
                && bytes > limits.maxCompressionRatio() * Math.max(1, compressedBytes.getAsLong())) {
            throw limit("expands more than " + Math.round(limits.maxCompressionRatio())
                    + " times its compressed size (at entry " + name + "): refusing a possible zip bomb");
        }
    }

    private void count(String name) throws StagingException {
        if (++entries > limits.maxEntries()) {
            throw limit("has more than " + limits.maxEntries() + " entries (at entry " + name + ")");
        }
    }

    private Path resolve(String name) throws StagingException {
        String relative = name;
        while (relative.startsWith("./")) {
            relative = relative.substring(2);
        }
        if (relative.startsWith("/")) {
            throw unsafe("archive entry " + name + " is an absolute path");
        }
        try {
            Path normal = Path.of(relative).normalize();
            if (normal.startsWith("..")) {
                throw unsafe("archive entry " + name + " escapes the sandbox");
            }
            return root.resolve(normal);
        } catch (InvalidPathException e) {
            throw unsafe("archive entry " + name + " has an invalid name");
        }
    }

    /** Parents are real directories: no symlink exists in the tree until {@link #finish()}. */
    private void prepareParent(String name, Path path) throws IOException, StagingException {
        Path parent = path.getParent();
        if (Files.isRegularFile(parent, LinkOption.NOFOLLOW_LINKS)) {
            throw corrupt("archive entry " + name + " is inside a path that is a file");
        }
        Files.createDirectories(parent);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    private StagingException unsafe(String detail) {
        return new StagingException(FailureCause.UNSAFE_ARCHIVE, displayUri + ": " + detail);
    }

    private StagingException limit(String detail) {
        return new StagingException(FailureCause.ARCHIVE_LIMIT_EXCEEDED, displayUri + " " + detail);
    }

    private StagingException corrupt(String detail) {
        return new StagingException(FailureCause.CORRUPT_ARCHIVE, displayUri + ": " + detail);
    }

    /** Reading an entry's bytes failed: a broken archive, or the download underneath it ended. */
    private StagingException unreadable(IOException e) {
        return new StagingException(FailureCause.CORRUPT_ARCHIVE, "cannot unpack " + displayUri + ": "
                + e.getMessage(), e);
    }

    private StagingException localFailure(String name, IOException e) {
        return new StagingException(FailureCause.LOCAL_IO, "cannot write " + name + " from " + displayUri
                + " under " + root + ": " + e, e);
    }
}
