package io.pacer.staging;

/**
 * Bounds on what one archive may unpack to, so a hostile or broken archive cannot fill the disk.
 *
 * @param maxEntries          files, directories and links together
 * @param maxTotalBytes       uncompressed bytes of all files together
 * @param maxCompressionRatio uncompressed bytes per compressed byte; checked once more than
 *                            {@link #RATIO_GRACE_BYTES} are out, so small highly compressible archives pass
 */
public record ExtractionLimits(long maxEntries, long maxTotalBytes, double maxCompressionRatio) {

    /** gzip tops out near 1032:1; ordinary archives stay far below 100:1. */
    public static final ExtractionLimits DEFAULT = new ExtractionLimits(200_000, 32L << 30, 200);

    /** Uncompressed bytes unpacked before the ratio is judged. */
    public static final long RATIO_GRACE_BYTES = 1 << 20;

    public ExtractionLimits {
        if (maxEntries < 1 || maxTotalBytes < 1 || !(maxCompressionRatio >= 1)) {
            throw new IllegalArgumentException("extraction limits must be positive (ratio >= 1): " + maxEntries
                    + " entries, " + maxTotalBytes + " bytes, ratio " + maxCompressionRatio);
        }
    }
}
