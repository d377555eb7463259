package io.pacer.staging;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Puts an unpacked tree into a sandbox (by hard links or by moving), and removes trees. */
final class FileTree {

    /** A cached tree holds a file modified after it was sealed: some task wrote through its hard link. */
    static final class TamperedException extends IOException {
        TamperedException(Path file) {
            super(file + " was modified after the cached tree was sealed");
        }
    }

    private static final Set<PosixFilePermission> OWNER_ALL = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private FileTree() {
    }

    /**
     * Recreates {@code tree} under {@code target}: fresh directories, hard links to its files (copies when
     * {@code target} is on another file system), copies of its symlinks. Existing files in the way are replaced, as tar would.
     *
     * @return files, directories and links created
     */
    static long link(Path tree, Path target, FileTime sealedAt) throws IOException {
        // a hard link cannot cross file systems; a sandbox elsewhere gets its own writable copies
        boolean sameFileSystem = Files.getFileStore(tree).equals(Files.getFileStore(target));
        return install(tree, target, false, (file, attributes, destination) -> {
            if (attributes.lastModifiedTime().compareTo(sealedAt) > 0) {
                throw new TamperedException(file);
            }
            Files.deleteIfExists(destination);
            if (sameFileSystem) {
                Files.createLink(destination, file);
            } else {
                Files.copy(file, destination, StandardCopyOption.COPY_ATTRIBUTES);
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(destination);
                permissions.add(PosixFilePermission.OWNER_WRITE);
                Files.setPosixFilePermissions(destination, permissions);
            }
        });
    }

    /** Moves the contents of {@code tree} under {@code target}, merging with directories already there. */
    static long move(Path tree, Path target) throws IOException {
        long created = install(tree, target, true, (file, attributes, destination) ->
                Files.move(file, destination, StandardCopyOption.REPLACE_EXISTING));
        delete(tree);
        return created;
    }

    /** Deletes a tree, whatever its modes; a missing tree is fine. */
    static void delete(Path tree) throws IOException {
        if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
                if (!permissions.containsAll(OWNER_ALL)) {
                    permissions.addAll(OWNER_ALL); // a 0555 folder from an archive
                    Files.setPosixFilePermissions(dir, permissions);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private interface FileOperation {
        void apply(Path file, BasicFileAttributes attributes, Path destination) throws IOException;
    }

    private record DirectoryMode(Path directory, Set<PosixFilePermission> permissions) {
    }

    /**
     * @param emptiesTree the operation takes files out of the tree, so its folders must be writable whatever
     *                    mode the archive gave them
     */
    private static long install(Path tree, Path target, boolean emptiesTree, FileOperation onFile)
            throws IOException {
        long[] created = {0};
        List<DirectoryMode> modes = new ArrayList<>();
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Path destination = target.resolve(tree.relativize(dir).toString());
                if (!Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(destination);
                    Files.createDirectories(destination);
                    created[0] += dir.equals(tree) ? 0 : 1;
                }
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
                if (!dir.equals(tree)) {
                    modes.add(new DirectoryMode(destination, Set.copyOf(permissions)));
                }
                if (emptiesTree && permissions.add(PosixFilePermission.OWNER_WRITE)) {
                    Files.setPosixFilePermissions(dir, permissions);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path destination = target.resolve(tree.relativize(file).toString());
                if (attributes.isSymbolicLink()) {
                    Files.deleteIfExists(destination);
                    Files.createSymbolicLink(destination, Files.readSymbolicLink(file));
                } else {
                    onFile.apply(file, attributes, destination);
                }
                created[0]++;
                return FileVisitResult.CONTINUE;
            }
        });
        // modes last, so that a read-only folder does not stop its own contents from arriving
        for (int i = modes.size() - 1; i >= 0; i--) {
            Files.setPosixFilePermissions(modes.get(i).directory(), modes.get(i).permissions());
        }
        return created[0];
    }
}
