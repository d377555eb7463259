package io.pacer.executor.process;

import io.pacer.executor.spec.LogRotation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A log file that never grows past {@link LogRotation#maxBytes()}: when the next bytes would not fit, the live
 * file becomes {@code name.1}, {@code name.1} becomes {@code name.2}, and so on; the oldest beyond
 * {@link LogRotation#keepFiles()} is deleted. One writer thread only.
 */
public final class RotatingLogFile implements AutoCloseable {
    private final Path file;
    private final LogRotation rotation;
    private OutputStream out;
    private long size;

    public RotatingLogFile(Path file, LogRotation rotation) throws IOException {
        this.file = file;
        this.rotation = rotation;
        this.out = open();
    }

    public Path file() {
        return file;
    }

    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (size >= rotation.maxBytes()) {
                rotate();
            }
            int chunk = (int) Math.min(length, rotation.maxBytes() - size);
            out.write(bytes, offset, chunk);
            size += chunk;
            offset += chunk;
            length -= chunk;
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void rotate() throws IOException {
        out.close();
        int keep = rotation.keepFiles();
        if (keep > 0) {
            Files.deleteIfExists(numbered(keep));
            for (int i = keep - 1; i >= 1; i--) {
                if (Files.exists(numbered(i))) {
                    Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        }
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        size = 0;
    }

    private Path numbered(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    private OutputStream open() throws IOException {
        OutputStream stream = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        size = Files.size(file);
        return stream;
    }
}
