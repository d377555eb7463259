package io.pacer.localcluster.agent;

import io.pacer.staging.Artifact;
import io.pacer.staging.ArtifactStager;
import io.pacer.staging.StagingConfig;
import io.pacer.staging.StagingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.mesos.v1.Protos.CommandInfo;

/**
 * The agent's fetcher (docs/fetcher.md): an executor's {@code CommandInfo.uris} staged into its sandbox by the
 * {@code staging} module, with Mesos's semantics (http, https, file and absolute paths; {@code extract} true by
 * default; {@code executable}; {@code cache} through the agent's fetcher cache; {@code output_file}).
 */
public final class StagingFetcher implements ExecutorFetcher {
    private final ArtifactStager stager;

    public StagingFetcher(Path cacheDir) {
        this(cacheDir, Optional.empty());
    }

    /** {@code trust}: whom https URIs must be served by, instead of the JDK's default trust store. */
    public StagingFetcher(Path cacheDir, Optional<SSLContext> trust) {
        StagingConfig config = StagingConfig.defaults().withCache(cacheDir, StagingConfig.DEFAULT_CACHE_MAX_BYTES);
        this.stager = new ArtifactStager(trust.map(config::withSslContext).orElse(config));
    }

    @Override
    public void fetch(List<CommandInfo.URI> uris, Sandbox sandbox) throws IOException {
        for (CommandInfo.URI uri : uris) {
            try {
                stager.stage(artifact(uri), sandbox.directory(), (artifact, done, total) -> { });
            } catch (StagingException e) {
                throw new IOException(e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IOException("cannot fetch " + uri.getValue() + ": " + e.getMessage(), e);
            }
        }
    }

    private static Artifact artifact(CommandInfo.URI uri) {
        Artifact a = Artifact.of(uri.getValue())
                .withExtract(!uri.hasExtract() || uri.getExtract())
                .withExecutable(uri.getExecutable())
                .withCache(uri.getCache());
        return uri.hasOutputFile() ? a.withOutputFile(uri.getOutputFile()) : a;
    }
}
