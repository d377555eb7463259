package io.pacer.staging;

import java.util.Locale;
import java.util.Optional;

/** The archive formats recognised by file name, as Mesos's fetcher does (plus {@code .tar.zst}). */
public enum ArchiveFormat {
    TAR(".tar"),
    TAR_GZ(".tar.gz", ".tgz"),
    TAR_BZ2(".tar.bz2", ".tbz2"),
    TAR_XZ(".tar.xz", ".txz"),
    TAR_ZST(".tar.zst", ".tzst"),
    ZIP(".zip"),
    /** A single gzip-compressed file: unpacked to the same name without {@code .gz}. */
    GZ(".gz");

    private final String[] suffixes;

    ArchiveFormat(String... suffixes) {
        this.suffixes = suffixes;
    }

    /** The format a file name announces, if any. {@code x.tar.gz} is a tarball, not a lone gzip file. */
    public static Optional<ArchiveFormat> forFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        // GZ is last in declaration order, so ".tar.gz" wins over ".gz"
        for (ArchiveFormat format : values()) {
            for (String suffix : format.suffixes) {
                if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                    return Optional.of(format);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether entries can be unpacked while the bytes arrive; a zip's directory sits at its end. */
    public boolean isStreamable() {
        return this != ZIP;
    }

    /** The name a {@link #GZ} file unpacks to. */
    String stripSuffix(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String suffix : suffixes) {
            if (lower.endsWith(suffix)) {
                return fileName.substring(0, fileName.length() - suffix.length());
            }
        }
        return fileName;
    }
}
