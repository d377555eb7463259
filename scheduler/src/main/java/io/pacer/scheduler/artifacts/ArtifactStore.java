package io.pacer.scheduler.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Files users upload for their apps to fetch (Marathon's {@code --artifact_store}), and the executor jar: a folder
 * whose paths are checked so that none leaves it. Uploads land in a temporary file first and are moved into place
 * whole, so an agent never fetches half an artifact.
 */
public final class ArtifactStore {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._+-]+");
    private static final String UPLOADS = ".uploads";

    /** A stored artifact, as GET answers it. */
    public record Item(Path file, long length, long lastModifiedMillis) {
        /** A weak validator that changes with every upload: length and modification time, as common servers do. */
        public String etag() {
            return "\"" + Long.toHexString(length) + "-" + Long.toHexString(lastModifiedMillis) + "\"";
        }
    }

    private final Path root;

    public ArtifactStore(Path root) {
        try {
            this.root = Files.createDirectories(root).toRealPath();
            Files.createDirectories(this.root.resolve(UPLOADS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + root + " as the artifact store: " + e.getMessage(), e);
        }
    }

    /** Why {@code path} cannot name an artifact, or null when it can. */
    public static String problemWith(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            return "artifact path '" + path + "' must be relative, like apps/web-1.2.tgz";
        }
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..") || segment.startsWith(".") || !SEGMENT.matcher(segment).matches()) {
                return "artifact path '" + path + "' has the segment '" + segment
                        + "': use letters, digits, '.', '_', '+' and '-', not starting with '.'";
            }
        }
        return null;
    }

    public Optional<Item> find(String path) {
        Path file = resolve(path);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.isRegularFile()
                    ? Optional.of(new Item(file, attributes.size(), attributes.lastModifiedTime().toMillis()))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A fresh file for an upload in progress, on the store's own file system so that it can be moved in atomically. */
    public Path newUploadFile() {
        try {
            return Files.createTempFile(root.resolve(UPLOADS), "upload-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an upload file in " + root + ": " + e.getMessage(), e);
        }
    }

    /** Moves a finished upload to {@code path}; true when it is new, false when it replaced one. */
    public boolean store(String path, Path upload) {
        Path target = resolve(path);
        try {
            boolean existed = Files.exists(target);
            Files.createDirectories(target.getParent());
            Files.move(upload, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return !existed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + path + ": " + e.getMessage(), e);
        }
    }

    /** Copies a file that is not an upload (the executor jar) into the store. */
    public void put(String path, java.io.InputStream content) {
        Path upload = newUploadFile();
        try (content) {
            Files.copy(content, upload, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
        store(path, upload);
    }

    public boolean delete(String path) {
        try {
            return Files.deleteIfExists(resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path + ": " + e.getMessage(), e);
        }
    }

    private Path resolve(String path) {
        String problem = problemWith(path);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("artifact path '" + path + "' leaves the store");
        }
        return file;
    }
}
