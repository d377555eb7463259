package io.pacer.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a container's output into the sandbox's {@code stdout} and {@code stderr}, opened for appending as a
 * process task's are (so the same log rotation works on them). The stream ends when the container does.
 */
final class ContainerLogs extends ResultCallback.Adapter<Frame> {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerLogs.class);

    private final String container;
    private final OutputStream stdout;
    private final OutputStream stderr;

    private ContainerLogs(String container, OutputStream stdout, OutputStream stderr) {
        this.container = container;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static ContainerLogs follow(DockerClient client, String containerId, Path stdoutFile, Path stderrFile) {
        ContainerLogs logs;
        try {
            logs = new ContainerLogs(containerId, new FileOutputStream(stdoutFile.toFile(), true),
                    new FileOutputStream(stderrFile.toFile(), true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the sandbox's log files", e);
        }
        return client.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true).exec(logs);
    }

    @Override
    public void onNext(Frame frame) {
        try {
            (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).write(frame.getPayload());
        } catch (IOException e) {
            LOG.warn("Cannot write the output of container {}: {}", container, e.toString());
        }
    }

    /** After the container has stopped: waits up to {@code max} for the last of its output, then closes the files. */
    void drain(Duration max) throws InterruptedException {
        try {
            if (!awaitCompletion(max.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The output of container {} did not end within {} ms of its exit", container, max.toMillis());
            }
        } finally {
            try {
                close();
                stdout.close();
                stderr.close();
            } catch (IOException e) {
                LOG.warn("Closing the output of container {}: {}", container, e.toString());
            }
        }
    }
}
