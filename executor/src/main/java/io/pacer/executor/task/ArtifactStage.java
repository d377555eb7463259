package io.pacer.executor.task;

import io.pacer.executor.spec.ArtifactSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Puts a task's artifacts into its sandbox: fetch, verify the sha256, cache, extract, chmod (the {@code staging}
 * module does the work; the lead wires it in through this interface). Runs on the task's own thread and must
 * stop promptly with InterruptedException when that thread is interrupted (the task was killed meanwhile).
 */
public interface ArtifactStage {
    /**
     * Stages {@code artifacts} in order into {@code sandbox}.
     *
     * @throws ArtifactStageException naming the artifact that failed and why
     */
    void stage(List<ArtifactSpec> artifacts, Path sandbox, Progress progress) throws ArtifactStageException, InterruptedException;

    /** What staging reports while it works. */
    interface Progress {
        /** A line for a person, e.g. "fetched 12.5 of 40.0 MiB of http://repo/app.tgz"; may be called often. */
        void message(String text);

        /** {@code artifact} is in the sandbox, {@code bytes} fetched (0 if from the cache). */
        void staged(ArtifactSpec artifact, long bytes);
    }
}
