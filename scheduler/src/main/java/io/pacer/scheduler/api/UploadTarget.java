package io.pacer.scheduler.api;

import java.nio.file.Path;
import java.util.Optional;

/** Where request bodies too large to hold in memory go: streamed to a file, then handed over whole. */
public interface UploadTarget {
    boolean accepts(String method, String path);

    Path newUploadFile();

    ApiResponse uploaded(String path, Optional<String> fileName, Path file, String baseUrl);
}
