package io.pacer.executor.endpoint;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The end of a log file, read without loading the whole file. */
final class LogTail {
    private LogTail() {
    }

    /** The last {@code maxBytes} of {@code file} (decoded leniently), or "" if it does not exist. */
    static String of(Path file, int maxBytes) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, maxBytes);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file.getFileName() + ": " + e.getMessage() + ")";
        }
    }

    /**
     * The last {@code lines} lines of {@code file}, looked for in its last {@code maxBytes} only (so a huge file or
     * one endless line costs at most that much): fewer lines when they do not fit, the first one then cut.
     */
    static String lines(Path file, int lines, int maxBytes) {
        String end = of(file, maxBytes);
        int from = end.length();
        // a final newline ends the last line, it does not start another
        int searchFrom = end.endsWith("\n") ? end.length() - 2 : end.length() - 1;
        for (int found = 0; found < lines && from > 0; found++) {
            from = searchFrom < 0 ? 0 : end.lastIndexOf('\n', searchFrom) + 1;
            searchFrom = from - 2;
        }
        return end.substring(from);
    }
}
