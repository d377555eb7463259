package io.pacer.scheduler.app;

import java.util.Optional;

/**
 * One artifact of an app: Marathon's {@code fetch} entry (types/artifact.raml), i.e. Mesos's CommandInfo.URI,
 * plus Pacer's {@code sha256}, checked before the artifact is used.
 */
public record FetchUri(String uri, boolean extract, boolean executable, boolean cache, Optional<String> destPath,
                       Optional<String> sha256) {
    /** A legacy {@code uris} entry: Marathon fetches it extracted, not executable, not cached. */
    public static FetchUri legacy(String uri) {
        return new FetchUri(uri, true, false, false, Optional.empty(), Optional.empty());
    }
}
