package io.pacer.executor;

import io.pacer.executor.spec.ArtifactSpec;
import io.pacer.executor.task.ArtifactStage;
import io.pacer.executor.task.ArtifactStageException;
import io.pacer.staging.Artifact;
import io.pacer.staging.ArtifactStager;
import io.pacer.staging.StagingException;
import io.pacer.staging.StagingResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task's artifacts staged by the {@code staging} module: fetched (http, https, file), checked against their
 * sha256, cached in a folder every executor on the machine shares, and unpacked safely into the sandbox.
 */
final class StagedArtifacts implements ArtifactStage {
    /** Overrides where the shared artifact cache lives. */
    static final String CACHE_VARIABLE = "PACER_ARTIFACT_CACHE";

    private final ArtifactStager stager;

    StagedArtifacts(ArtifactStager stager) {
        this.stager = stager;
    }

    /**
     * The cache folder: {@code $PACER_ARTIFACT_CACHE}, else {@code artifact-cache} beside the agent's work dir
     * (the parent of the {@code slaves} folder in the sandbox path Mesos lays out), else under the temp folder.
     */
    static Path cacheDir(Map<String, String> environment, Path sandbox) {
        String configured = environment.get(CACHE_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path p = sandbox.toAbsolutePath(); p != null && p.getParent() != null; p = p.getParent()) {
            if (p.getFileName().toString().equals("slaves")) {
                return p.getParent().resolve("artifact-cache");
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "pacer-artifact-cache");
    }

    @Override
    public void stage(List<ArtifactSpec> artifacts, Path sandbox, Progress progress) throws ArtifactStageException, InterruptedException {
        for (ArtifactSpec spec : artifacts) {
            if (Thread.interrupted()) {
                throw new InterruptedException("staging interrupted before " + spec.uri());
            }
            try {
                StagingResult result = stager.stage(artifact(spec), sandbox, (artifact, done, total) ->
                        progress.message("fetching " + artifact.displayUri() + ": " + mib(done)
                                + (total > 0 ? " of " + mib(total) : "") + " MiB"));
                progress.staged(spec, result.cacheHit() ? 0 : result.bytes());
            } catch (StagingException e) {
                throw new ArtifactStageException(spec, e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new ArtifactStageException(spec, "not a usable artifact: " + e.getMessage(), e);
            }
        }
    }

    private static Artifact artifact(ArtifactSpec spec) {
        Artifact a = Artifact.of(spec.uri()).withExtract(spec.extract()).withExecutable(spec.executable()).withCache(spec.cache());
        Optional<String> output = spec.outputFile();
        if (output.isPresent()) {
            a = a.withOutputFile(output.get());
        }
        return spec.sha256().map(a::withSha256).orElse(a);
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }
}
