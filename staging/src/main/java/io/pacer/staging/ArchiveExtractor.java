package io.pacer.staging;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks tar (plain, gzip, bzip2, xz, zstd), zip and single gzip files into a folder, entry by entry, through
 * an {@link ExtractionTarget} that enforces the safety rules and limits.
 */
final class ArchiveExtractor {

    private static final int DECOMPRESS_BUFFER = 1 << 16;
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int TYPE_FIFO = 0010000;
    private static final int TYPE_CHAR_DEVICE = 0020000;
    private static final int TYPE_BLOCK_DEVICE = 0060000;
    private static final int TYPE_SOCKET = 0140000;

    private final ExtractionLimits limits;
    private final StagingMetrics metrics;

    ArchiveExtractor(ExtractionLimits limits, StagingMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
    }

    /** Unpacks an archive that is already a complete file. */
    ExtractionSummary extractFile(ArchiveFormat format, Path archive, Path into, String fileName,
                                  boolean readOnlyFiles, String displayUri) throws StagingException {
        if (format == ArchiveFormat.ZIP) {
            return extractZip(archive, into, readOnlyFiles, displayUri);
        }
        try (InputStream in = Files.newInputStream(archive)) {
            return extract(format, in, into, fileName, readOnlyFiles, displayUri);
        } catch (IOException e) {
            throw new StagingException(FailureCause.LOCAL_IO, "cannot read " + archive + ", fetched from "
                    + displayUri + ": " + e.getMessage(), e);
        }
    }

    /**
     * Unpacks a streamable format as its bytes are read.
     *
     * @param fileName the artifact's name, which a {@link ArchiveFormat#GZ} file unpacks to without its suffix
     */
    ExtractionSummary extract(ArchiveFormat format, InputStream archive, Path into, String fileName,
                              boolean readOnlyFiles, String displayUri) throws StagingException {
        long start = System.nanoTime();
        CountingInputStream counted = new CountingInputStream(archive);
        ExtractionTarget target = new ExtractionTarget(into, limits, counted::count, readOnlyFiles, displayUri);
        try {
            Files.createDirectories(into);
            switch (format) {
                case TAR -> unpackTar(counted, target);
                case TAR_GZ -> unpackTar(new GZIPInputStream(counted, DECOMPRESS_BUFFER), target);
                case TAR_BZ2 -> unpackTar(new BZip2CompressorInputStream(counted), target);
                case TAR_XZ -> unpackTar(new XZCompressorInputStream(counted), target);
                case TAR_ZST -> unpackTar(new ZstdCompressorInputStream(counted), target);
                case GZ -> target.file(format.stripSuffix(fileName), 0644, FileTime.from(Instant.now()),
                        new GZIPInputStream(counted, DECOMPRESS_BUFFER));
                case ZIP -> throw new IllegalArgumentException("zip is unpacked from a file, not a stream");
            }
        } catch (IOException e) {
            throw notAnArchive(format, displayUri, e);
        }
        ExtractionSummary summary = target.finish();
        metrics.extracted(Duration.ofNanos(System.nanoTime() - start));
        return summary;
    }

    /** Unpacks a zip file; its central directory, at the end, is the authority on entries and modes. */
    private ExtractionSummary extractZip(Path zipFile, Path into, boolean readOnlyFiles, String displayUri)
            throws StagingException {
        long start = System.nanoTime();
        try (ZipFile zip = ZipFile.builder().setPath(zipFile).get()) {
            Files.createDirectories(into);
            long size = Files.size(zipFile);
            ExtractionTarget target = new ExtractionTarget(into, limits, () -> size, readOnlyFiles, displayUri);
            for (Enumeration<ZipArchiveEntry> e = zip.getEntriesInPhysicalOrder(); e.hasMoreElements(); ) {
                ZipArchiveEntry entry = e.nextElement();
                int mode = entry.getUnixMode();
                int type = mode & FILE_TYPE_MASK;
                if (entry.isUnixSymlink()) {
                    target.symlink(entry.getName(), zip.getUnixSymlink(entry));
                } else if (entry.isDirectory()) {
                    target.directory(entry.getName(), mode == 0 ? 0755 : mode);
                } else if (type == TYPE_FIFO || type == TYPE_CHAR_DEVICE || type == TYPE_BLOCK_DEVICE
                        || type == TYPE_SOCKET) {
                    target.special(entry.getName(), type == TYPE_FIFO ? "FIFO" : type == TYPE_SOCKET ? "socket"
                            : "device file");
                } else {
                    try (InputStream content = zip.getInputStream(entry)) {
                        target.file(entry.getName(), mode == 0 ? 0644 : mode, entry.getLastModifiedTime(), content);
                    }
                }
            }
            ExtractionSummary summary = target.finish();
            metrics.extracted(Duration.ofNanos(System.nanoTime() - start));
            return summary;
        } catch (IOException e) {
            throw notAnArchive(ArchiveFormat.ZIP, displayUri, e);
        }
    }

    private static void unpackTar(InputStream decompressed, ExtractionTarget target)
            throws IOException, StagingException {
        TarArchiveInputStream tar = new TarArchiveInputStream(decompressed);
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
            String name = entry.getName();
            if (entry.isDirectory()) {
                target.directory(name, entry.getMode());
            } else if (entry.isSymbolicLink()) {
                target.symlink(name, entry.getLinkName());
            } else if (entry.isLink()) {
                target.hardLink(name, entry.getLinkName());
            } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
                target.special(name, entry.isBlockDevice() ? "block device" : "character device");
            } else if (entry.isFIFO()) {
                target.special(name, "FIFO");
            } else {
                target.file(name, entry.getMode(), entry.getLastModifiedTime(), tar);
            }
        }
    }

    private static StagingException notAnArchive(ArchiveFormat format, String displayUri, IOException e) {
        return new StagingException(FailureCause.CORRUPT_ARCHIVE, "cannot unpack " + displayUri + " as "
                + format.name().toLowerCase().replace('_', '.') + ": " + e.getMessage(), e);
    }
}
