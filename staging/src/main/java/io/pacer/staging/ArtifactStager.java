package io.pacer.staging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Puts artifacts into sandboxes: fetch, verify, unpack, through the machine-wide cache when the artifact asks
 * for it. Thread-safe: one stager serves every task of an executor, and stagers in other processes may share
 * its cache.
 *
 * <p>Without the cache the fetched file lands in the sandbox (an archive next to what it unpacked to, as with
 * Mesos). Through the cache, an archive's tree is unpacked once into the cache and hard-linked into each
 * sandbox; the cached files are read-only, and a file found modified after the tree was sealed makes the tree
 * be unpacked afresh from the cached archive.
 */
public final class ArtifactStager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ArtifactStager.class);

    private final StagingMetrics metrics;
    private final ArchiveExtractor extractor;
    private final ArtifactDownload download;
    private final Optional<ArtifactCache> cache;
    private final ExecutorService unpackers;

    public ArtifactStager(StagingConfig config) {
        this.metrics = new StagingMetrics(config.meterRegistry());
        this.extractor = new ArchiveExtractor(config.limits(), metrics);
        this.unpackers = Executors.newCachedThreadPool(daemonThreads());
        this.download = new ArtifactDownload(new HttpSource(config), new FileSource(), extractor, unpackers,
                metrics, config.maxRetries(), config.retryBackoff());
        try {
            this.cache = config.cacheDir().isEmpty() ? Optional.empty()
                    : Optional.of(new ArtifactCache(config.cacheDir().get(), config.cacheMaxBytes(), metrics));
        } catch (IOException e) {
            unpackers.shutdown();
            throw new UncheckedIOException("cannot create the artifact cache at " + config.cacheDir().get(), e);
        }
    }

    /**
     * Stages one artifact into {@code sandbox}. Blocks until done.
     *
     * @throws StagingException naming the artifact's URI and the cause; nothing is left half-written under the
     *                          artifact's final names
     */
    public StagingResult stage(Artifact artifact, Path sandbox, ProgressListener listener) throws StagingException {
        long start = System.nanoTime();
        try {
            Path output = sandbox.resolve(artifact.outputPath());
            createFolder(artifact, output.getParent());
            StagingResult result = artifact.cache() && cache.isPresent()
                    ? stageThroughCache(cache.get(), artifact, output, listener)
                    : stageDirectly(artifact, output, listener);
            log.info("staged {} into {}: {} files, {} bytes, {} in {} ms", artifact.displayUri(), result.path(),
                    result.filesWritten(), result.bytes(), result.cacheHit() ? "cache hit" : "fetched",
                    (System.nanoTime() - start) / 1_000_000);
            return result;
        } catch (StagingException e) {
            metrics.failure(e.failureCause());
            log.warn("staging failed: {}", e.getMessage());
            throw e;
        }
    }

    /** Stops the unpacking threads; stagings under way fail. */
    @Override
    public void close() {
        unpackers.shutdownNow();
    }

    private StagingResult stageDirectly(Artifact artifact, Path output, ProgressListener listener)
            throws StagingException {
        Optional<ArchiveFormat> format = artifact.archiveFormat();
        Path folder = output.getParent();
        Optional<Path> unpackInto = format.map(f -> folder.resolve(".pacer-unpack-" + output.getFileName() + "-"
                + Long.toHexString(System.nanoTime())));
        ArtifactDownload.Outcome outcome = download.fetch(artifact, output, unpackInto, false, listener);
        if (format.isEmpty()) {
            makeExecutableIfAsked(artifact, output);
            return new StagingResult(artifact, output, 1, outcome.bytes(), false);
        }
        Path unpacked = unpackInto.orElseThrow();
        boolean staged = false;
        try {
            if (outcome.unpacked().isEmpty()) {
                extractor.extractFile(format.get(), output, unpacked, output.getFileName().toString(), false,
                        artifact.displayUri());
            }
            long files = FileTree.move(unpacked, folder);
            staged = true;
            return new StagingResult(artifact, folder, files + 1, outcome.bytes(), false);
        } catch (IOException e) {
            throw localFailure(artifact, folder, e);
        } finally {
            deleteQuietly(unpacked);
            if (!staged) {
                deleteQuietly(output); // an archive that would not unpack is no use to the task
            }
        }
    }

    private StagingResult stageThroughCache(ArtifactCache cache, Artifact artifact, Path output,
                                            ProgressListener listener) throws StagingException {
        StagingResult result;
        try (ArtifactCache.Entry entry = cache.acquire(ArtifactCache.keyFor(artifact), artifact.displayUri())) {
            boolean hit = entry.hasBlob();
            metrics.cacheLookup(hit);
            Optional<ArchiveFormat> format = artifact.archiveFormat();
            long bytes;
            if (hit) {
                bytes = entry.blobBytes();
                listener.onProgress(artifact, bytes, bytes);
            } else {
                bytes = fetchIntoCache(entry, artifact, format, listener);
            }
            if (format.isPresent()) {
                long files = linkTree(entry, artifact, format.get(), output.getParent());
                result = new StagingResult(artifact, output.getParent(), files, bytes, hit);
            } else {
                copyOut(entry, artifact, output);
                result = new StagingResult(artifact, output, 1, bytes, hit);
            }
            entry.touch();
        } catch (IOException e) {
            throw localFailure(artifact, output.getParent(), e);
        }
        cache.evictBeyondLimit();
        return result;
    }

    private long fetchIntoCache(ArtifactCache.Entry entry, Artifact artifact, Optional<ArchiveFormat> format,
                                ProgressListener listener) throws StagingException, IOException {
        entry.prepareForDownload();
        Optional<Path> unpackInto = format.filter(ArchiveFormat::isStreamable).map(f -> entry.unpackDir());
        ArtifactDownload.Outcome outcome = download.fetch(artifact, entry.blob(), unpackInto, true, listener);
        entry.sealBlob(artifact, outcome.bytes());
        if (outcome.unpacked().isPresent()) {
            entry.sealTree(treeLayout(artifact, format.orElseThrow()), outcome.unpacked().get().bytes());
        }
        return outcome.bytes();
    }

    private long linkTree(ArtifactCache.Entry entry, Artifact artifact, ArchiveFormat format, Path folder)
            throws StagingException, IOException {
        String layout = treeLayout(artifact, format);
        if (!entry.hasTree(layout)) {
            unpackFromCache(entry, artifact, format, layout);
        }
        try {
            return FileTree.link(entry.tree(), folder, entry.treeSealedAt());
        } catch (FileTree.TamperedException e) {
            log.warn("cached tree of {} was modified through a hard link ({}); unpacking it afresh",
                    artifact.displayUri(), e.getMessage());
            unpackFromCache(entry, artifact, format, layout);
            return FileTree.link(entry.tree(), folder, entry.treeSealedAt());
        }
    }

    private void unpackFromCache(ArtifactCache.Entry entry, Artifact artifact, ArchiveFormat format, String layout)
            throws StagingException, IOException {
        entry.discardTree();
        try {
            ExtractionSummary summary = extractor.extractFile(format, entry.blob(), entry.unpackDir(),
                    artifact.outputPath().getFileName().toString(), true, artifact.displayUri());
            entry.sealTree(layout, summary.bytes());
        } finally {
            deleteQuietly(entry.unpackDir());
        }
    }

    /** A single file is copied, not linked: making it executable must not change the cached copy. */
    private static void copyOut(ArtifactCache.Entry entry, Artifact artifact, Path output)
            throws IOException, StagingException {
        Path part = output.resolveSibling(".pacer-part-" + output.getFileName() + "-"
                + Long.toHexString(System.nanoTime()));
        try {
            Files.copy(entry.blob(), part);
            Files.move(part, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
        makeExecutableIfAsked(artifact, output);
    }

    /** A lone gzip file unpacks to a name taken from the artifact, so that name is part of the tree's identity. */
    private static String treeLayout(Artifact artifact, ArchiveFormat format) {
        return format == ArchiveFormat.GZ ? format + ":" + artifact.outputPath().getFileName() : format.name();
    }

    private static void makeExecutableIfAsked(Artifact artifact, Path file) throws StagingException {
        if (!artifact.executable()) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
            Files.setPosixFilePermissions(file, permissions);
        } catch (IOException e) {
            throw localFailure(artifact, file, e);
        }
    }

    private static void createFolder(Artifact artifact, Path folder) throws StagingException {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw localFailure(artifact, folder, e);
        }
    }

    private static void deleteQuietly(Path tree) {
        try {
            FileTree.delete(tree);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", tree, e.toString());
        }
    }

    private static StagingException localFailure(Artifact artifact, Path where, IOException e) {
        return new StagingException(FailureCause.LOCAL_IO, "cannot stage " + artifact.displayUri() + " into "
                + where + ": " + e, e);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "pacer-unpack-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
