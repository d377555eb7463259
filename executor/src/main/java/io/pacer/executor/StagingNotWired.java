package io.pacer.executor;

import io.pacer.executor.spec.ArtifactSpec;
import io.pacer.executor.task.ArtifactStage;
import io.pacer.executor.task.ArtifactStageException;
import java.nio.file.Path;
import java.util.List;

/**
 * Stands in for the {@code staging} module until it is wired in: a task with artifacts fails its launch saying so,
 * rather than starting without them. Tasks without artifacts are not affected.
 */
final class StagingNotWired implements ArtifactStage {
    @Override
    public void stage(List<ArtifactSpec> artifacts, Path sandbox, Progress progress) throws ArtifactStageException {
        throw new ArtifactStageException(artifacts.get(0), "artifact staging is not available in this executor build", null);
    }
}
