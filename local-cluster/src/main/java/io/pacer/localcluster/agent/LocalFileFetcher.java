package io.pacer.localcluster.agent;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.mesos.v1.Protos.CommandInfo;

/**
 * Copies local files (absolute paths or {@code file://} URIs) into the sandbox, honouring {@code output_file}
 * and {@code executable}; nothing else. A stand-in until the {@code staging} module's fetcher replaces it:
 * no downloads, no extraction, no cache.
 */
public final class LocalFileFetcher implements ExecutorFetcher {
    @Override
    public void fetch(List<CommandInfo.URI> uris, Sandbox sandbox) throws IOException {
        for (CommandInfo.URI uri : uris) {
            Path source = localPath(uri.getValue());
            String name = uri.hasOutputFile() ? uri.getOutputFile() : source.getFileName().toString();
            Path target = sandbox.directory().resolve(name).normalize();
            if (!target.startsWith(sandbox.directory())) {
                throw new IOException("output_file '" + name + "' of URI " + uri.getValue() + " points outside the sandbox");
            }
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            if (uri.getExecutable() && !target.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + target + " executable");
            }
        }
    }

    private static Path localPath(String value) throws IOException {
        if (value.startsWith("/")) {
            return Path.of(value);
        }
        if (value.startsWith("file://")) {
            return Path.of(URI.create(value));
        }
        throw new IOException("cannot fetch '" + value + "': the local cluster fetches local paths and file:// URIs only"
                + " until the staging fetcher is wired in");
    }
}
