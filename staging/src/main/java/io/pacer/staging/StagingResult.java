package io.pacer.staging;

import java.nio.file.Path;

/**
 * What staging one artifact did.
 *
 * @param path         the fetched file in the sandbox, or for a cached archive the folder it was unpacked into
 * @param filesWritten files, directories and links created in the sandbox
 * @param bytes        size of the fetched artifact
 * @param cacheHit     whether the bytes came from the cache rather than the source
 */
public record StagingResult(Artifact artifact, Path path, long filesWritten, long bytes, boolean cacheHit) {
}
