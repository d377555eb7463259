package io.pacer.executor.spec;

/**
 * How the task's {@code stdout} and {@code stderr} files are rotated.
 *
 * @param maxBytes  a file is rotated before it would grow past this size
 * @param keepFiles how many rotated files ({@code stdout.1} ... {@code stdout.N}) are kept besides the live one
 */
public record LogRotation(long maxBytes, int keepFiles) {
    public static final LogRotation DEFAULT = new LogRotation(10L * 1024 * 1024, 5);

    public LogRotation {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("logRotation.maxBytes must be at least 1024, was " + maxBytes);
        }
        if (keepFiles < 0) {
            throw new IllegalArgumentException("logRotation.keepFiles must not be negative, was " + keepFiles);
        }
    }
}
