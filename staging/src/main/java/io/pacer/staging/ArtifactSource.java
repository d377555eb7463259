package io.pacer.staging;

/** Opens an artifact's bytes for reading; one implementation per URI scheme family. */
interface ArtifactSource {

    /**
     * @throws StagingException when the source refuses or cannot be reached; reading the returned stream may
     *                          later throw a {@link SourceReadException}
     */
    SourceBody open(Artifact artifact) throws StagingException;
}
