package io.pacer.executor.task;

import io.pacer.executor.spec.ArtifactSpec;

/** Staging {@link #artifact()} failed; the message says why ("sha256 mismatch: expected ..., got ...", "HTTP 404"). */
public final class ArtifactStageException extends Exception {
    private final transient ArtifactSpec artifact;

    public ArtifactStageException(ArtifactSpec artifact, String cause, Throwable error) {
        super(cause, error);
        this.artifact = artifact;
    }

    public ArtifactSpec artifact() {
        return artifact;
    }
}
