package io.pacer.staging;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds real archives, friendly or hostile, with commons-compress's writers. */
final class TestArchive {

    private enum Kind { FILE, DIR, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO }

    private record Entry(Kind kind, String name, byte[] content, String link, int mode) {
    }

    private final List<Entry> entries = new ArrayList<>();

    static TestArchive create() {
        return new TestArchive();
    }

    TestArchive file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    TestArchive file(String name, byte[] content, int mode) {
        entries.add(new Entry(Kind.FILE, name, content, null, mode));
        return this;
    }

    TestArchive dir(String name, int mode) {
        entries.add(new Entry(Kind.DIR, name, new byte[0], null, mode));
        return this;
    }

    TestArchive symlink(String name, String target) {
        entries.add(new Entry(Kind.SYMLINK, name, new byte[0], target, 0777));
        return this;
    }

    TestArchive hardLink(String name, String target) {
        entries.add(new Entry(Kind.HARDLINK, name, new byte[0], target, 0644));
        return this;
    }

    TestArchive charDevice(String name) {
        entries.add(new Entry(Kind.CHAR_DEVICE, name, new byte[0], null, 0600));
        return this;
    }

    TestArchive blockDevice(String name) {
        entries.add(new Entry(Kind.BLOCK_DEVICE, name, new byte[0], null, 0600));
        return this;
    }

    TestArchive fifo(String name) {
        entries.add(new Entry(Kind.FIFO, name, new byte[0], null, 0644));
        return this;
    }

    Path writeTo(Path file, ArchiveFormat format) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            switch (format) {
                case TAR -> writeTar(out);
                case TAR_GZ -> writeTar(new GzipCompressorOutputStream(out));
                case TAR_BZ2 -> writeTar(new BZip2CompressorOutputStream(out));
                case TAR_XZ -> writeTar(new XZCompressorOutputStream(out));
                case TAR_ZST -> writeTar(new ZstdCompressorOutputStream(out));
                case ZIP -> writeZip(out);
                case GZ -> {
                    try (OutputStream gz = new GzipCompressorOutputStream(out)) {
                        gz.write(entries.get(0).content());
                    }
                }
            }
        }
        return file;
    }

    private void writeTar(OutputStream out) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry entry : entries) {
                TarArchiveEntry tarEntry = switch (entry.kind()) {
                    case FILE -> new TarArchiveEntry(entry.name(), true);
                    case DIR -> new TarArchiveEntry(entry.name().endsWith("/") ? entry.name() : entry.name() + "/",
                            true);
                    case SYMLINK -> new TarArchiveEntry(entry.name(), TarConstants.LF_SYMLINK, true);
                    case HARDLINK -> new TarArchiveEntry(entry.name(), TarConstants.LF_LINK, true);
                    case CHAR_DEVICE -> new TarArchiveEntry(entry.name(), TarConstants.LF_CHR, true);
                    case BLOCK_DEVICE -> new TarArchiveEntry(entry.name(), TarConstants.LF_BLK, true);
                    case FIFO -> new TarArchiveEntry(entry.name(), TarConstants.LF_FIFO, true);
                };
                tarEntry.setMode((entry.kind() == Kind.DIR ? 040000 : tarEntry.getMode() & 0170000) | entry.mode());
                if (entry.link() != null) {
                    tarEntry.setLinkName(entry.link());
                }
                tarEntry.setSize(entry.kind() == Kind.FILE ? entry.content().length : 0);
                tar.putArchiveEntry(tarEntry);
                tar.write(entry.content());
                tar.closeArchiveEntry();
            }
        }
    }

    private void writeZip(OutputStream out) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (Entry entry : entries) {
                String name = entry.kind() == Kind.DIR ? entry.name() + "/" : entry.name();
                ZipArchiveEntry zipEntry = new ZipArchiveEntry(name);
                byte[] content = entry.content();
                switch (entry.kind()) {
                    case SYMLINK -> {
                        zipEntry.setUnixMode(UnixStat.LINK_FLAG | 0777);
                        content = entry.link().getBytes(StandardCharsets.UTF_8);
                    }
                    case DIR -> zipEntry.setUnixMode(UnixStat.DIR_FLAG | entry.mode());
                    case FIFO -> zipEntry.setUnixMode(0010000 | entry.mode());
                    default -> zipEntry.setUnixMode(UnixStat.FILE_FLAG | entry.mode());
                }
                zip.putArchiveEntry(zipEntry);
                zip.write(content);
                zip.closeArchiveEntry();
            }
        }
    }
}
