package io.pacer.staging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Fetches an artifact's bytes into a file: streamed through a temporary file in the same folder, verified, then
 * renamed, so a partial or unverified file never carries the final name. A streamable archive is unpacked on a
 * second thread while the bytes arrive. Connection errors, timeouts and 5xx answers are retried with
 * exponential backoff, each attempt from scratch.
 */
final class ArtifactDownload {

    /** Outcome of a download; {@code unpacked} is present when the archive was unpacked on the way. */
    record Outcome(long bytes, Optional<ExtractionSummary> unpacked) {
    }

    private static final Logger log = LoggerFactory.getLogger(ArtifactDownload.class);
    private static final int CHUNK = 1 << 18;
    /** 4 MiB in flight per staging: enough to ride out jitter, small beside an executor's heap. */
    private static final int PIPE_CHUNKS = 16;
    private static final long PROGRESS_STEP = 1 << 20;

    private final ArtifactSource http;
    private final ArtifactSource file;
    private final ArchiveExtractor extractor;
    private final ExecutorService unpackers;
    private final StagingMetrics metrics;
    private final int maxRetries;
    private final Duration retryBackoff;

    ArtifactDownload(ArtifactSource http, ArtifactSource file, ArchiveExtractor extractor,
                     ExecutorService unpackers, StagingMetrics metrics, int maxRetries, Duration retryBackoff) {
        this.http = http;
        this.file = file;
        this.extractor = extractor;
        this.unpackers = unpackers;
        this.metrics = metrics;
        this.maxRetries = maxRetries;
        this.retryBackoff = retryBackoff;
    }

    /**
     * @param destination the final file; its folder must exist
     * @param unpackInto  a folder that does not exist yet: a streamable archive is unpacked there on the way, and
     *                    the folder is gone again if anything fails
     */
    Outcome fetch(Artifact artifact, Path destination, Optional<Path> unpackInto, boolean readOnlyFiles,
                  ProgressListener listener) throws StagingException {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            Path part = destination.resolveSibling(".pacer-part-" + destination.getFileName() + "-"
                    + Long.toHexString(System.nanoTime()));
            try {
                Outcome outcome = attempt(artifact, part, unpackInto, readOnlyFiles, listener);
                Files.move(part, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                metrics.fetched(Duration.ofNanos(System.nanoTime() - start));
                return outcome;
            } catch (StagingException e) {
                cleanUp(part, unpackInto);
                if (!e.failureCause().isRetryable() || attempt > maxRetries) {
                    throw attempt == 1 ? e : new StagingException(e.failureCause(),
                            e.getMessage() + " (gave up after " + attempt + " attempts)", e.getCause());
                }
                Duration pause = retryBackoff.multipliedBy(1L << Math.min(attempt - 1, 16));
                log.warn("{}; attempt {} of {}, next in {}", e.getMessage(), attempt, maxRetries + 1,
                        DurationText.of(pause));
                pauseBeforeRetry(artifact, pause);
            } catch (IOException e) {
                cleanUp(part, unpackInto);
                throw new StagingException(FailureCause.LOCAL_IO, "cannot store " + artifact.displayUri() + " as "
                        + destination + ": " + e, e);
            }
        }
    }

    private Outcome attempt(Artifact artifact, Path part, Optional<Path> unpackInto, boolean readOnlyFiles,
                            ProgressListener listener) throws StagingException {
        SourceBody body = sourceFor(artifact).open(artifact);
        Sha256Verifier verifier = new Sha256Verifier(artifact.sha256());
        Optional<ArchiveFormat> streamed = artifact.archiveFormat().filter(f -> unpackInto.isPresent())
                .filter(ArchiveFormat::isStreamable);
        ChunkPipe pipe = new ChunkPipe(PIPE_CHUNKS);
        Future<ExtractionSummary> unpacking = streamed.isEmpty() ? null : unpackers.submit(() -> {
            try {
                Files.createDirectories(unpackInto.orElseThrow());
                return extractor.extract(streamed.orElseThrow(), pipe.input(), unpackInto.orElseThrow(),
                        artifact.outputPath().getFileName().toString(), readOnlyFiles, artifact.displayUri());
            } finally {
                pipe.readerDone();
            }
        });
        long done = 0;
        try (InputStream in = body.stream();
             FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[CHUNK];
            long reported = 0;
            listener.onProgress(artifact, 0, body.length());
            for (int n = read(artifact, in, buffer); n >= 0; n = read(artifact, in, buffer)) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                verifier.update(buffer, 0, n);
                if (unpacking != null) {
                    if (unpacking.isDone()) {
                        result(unpacking); // throws if unpacking failed: no point fetching the rest
                    }
                    pipe.write(buffer, 0, n);
                }
                done += n;
                if (done - reported >= PROGRESS_STEP) {
                    listener.onProgress(artifact, done, body.length());
                    reported = done;
                }
            }
            if (body.length() >= 0 && done != body.length()) {
                throw new SourceReadException(FailureCause.CONNECTION_LOST, artifact.displayUri() + " ended after "
                        + done + " of " + body.length() + " bytes", null);
            }
            listener.onProgress(artifact, done, body.length());
            pipe.close();
        } catch (SourceReadException e) {
            pipe.fail(e);
            awaitQuietly(unpacking);
            throw new StagingException(e.failureCause(), e.getMessage(), e);
        } catch (IOException e) {
            pipe.fail(e);
            awaitQuietly(unpacking);
            throw new StagingException(FailureCause.LOCAL_IO, "cannot write " + part + " for "
                    + artifact.displayUri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pipe.fail(e);
            awaitQuietly(unpacking);
            throw new StagingException(FailureCause.INTERRUPTED, "interrupted fetching " + artifact.displayUri(), e);
        } catch (StagingException e) {
            awaitQuietly(unpacking);
            throw e;
        } finally {
            metrics.bytesFetched(done);
        }
        try {
            verifier.verify(artifact.displayUri()); // a wrong file explains a failed unpacking better than itself
        } catch (StagingException e) {
            awaitQuietly(unpacking);
            throw e;
        }
        return new Outcome(done, unpacking == null ? Optional.empty() : Optional.of(result(unpacking)));
    }

    private ArtifactSource sourceFor(Artifact artifact) {
        return artifact.uri().getScheme().equalsIgnoreCase("file") ? file : http;
    }

    private static int read(Artifact artifact, InputStream in, byte[] buffer) throws SourceReadException {
        try {
            return in.read(buffer);
        } catch (SourceReadException e) {
            throw e;
        } catch (IOException e) {
            throw new SourceReadException(FailureCause.CONNECTION_LOST, "reading " + artifact.displayUri()
                    + " failed: " + e.getMessage(), e);
        }
    }

    private static ExtractionSummary result(Future<ExtractionSummary> unpacking) throws StagingException {
        try {
            return unpacking.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unpacking.cancel(true);
            throw new StagingException(FailureCause.INTERRUPTED, "interrupted while unpacking", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StagingException staging) {
                throw staging;
            }
            throw new StagingException(FailureCause.LOCAL_IO, "unpacking failed: " + e.getCause(), e.getCause());
        }
    }

    /** Waits for the unpacking thread to let go of its folder before that folder is deleted. */
    private static void awaitQuietly(Future<ExtractionSummary> unpacking) {
        if (unpacking == null) {
            return;
        }
        try {
            unpacking.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // the caller reports the failure that started it all
        }
    }

    private static void cleanUp(Path part, Optional<Path> unpackInto) {
        try {
            Files.deleteIfExists(part);
            if (unpackInto.isPresent()) {
                FileTree.delete(unpackInto.get());
            }
        } catch (IOException e) {
            log.warn("could not remove leftovers {} / {}: {}", part, unpackInto.orElse(null), e.toString());
        }
    }

    private static void pauseBeforeRetry(Artifact artifact, Duration pause) throws StagingException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StagingException(FailureCause.INTERRUPTED, "interrupted waiting to retry "
                    + artifact.displayUri(), e);
        }
    }
}
