package io.pacer.executor.spec;

import java.util.Optional;

/**
 * One artifact to stage into the sandbox before the task starts; the fields mean what Mesos's
 * {@code CommandInfo.URI} fields mean (docs/fetcher.md), plus a checksum Mesos has no field for.
 *
 * @param uri        where to fetch it from (http, https, file)
 * @param extract    unpack a recognised archive into the sandbox
 * @param executable chmod +x the fetched file (and do not extract it)
 * @param cache      keep a copy in the shared cache for the next task
 * @param outputFile name (relative path) for the local copy, instead of the URI's last segment
 * @param sha256     lower-case hex digest the fetched bytes must have
 */
public record ArtifactSpec(String uri, boolean extract, boolean executable, boolean cache,
                           Optional<String> outputFile, Optional<String> sha256) {
}
