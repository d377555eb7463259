package io.pacer.staging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code file:} URIs and plain absolute paths. */
final class FileSource implements ArtifactSource {

    @Override
    public SourceBody open(Artifact artifact) throws StagingException {
        Path path = Path.of(artifact.uri());
        try {
            if (Files.isDirectory(path)) {
                throw new StagingException(FailureCause.FILE_NOT_FOUND,
                        artifact.displayUri() + " is a directory, not a file");
            }
            return new SourceBody(Files.newInputStream(path), Files.size(path));
        } catch (NoSuchFileException e) {
            throw new StagingException(FailureCause.FILE_NOT_FOUND, "no such file: " + artifact.displayUri(), e);
        } catch (IOException e) {
            throw new StagingException(FailureCause.LOCAL_IO,
                    "cannot read " + artifact.displayUri() + ": " + e.getMessage(), e);
        }
    }
}
