package io.pacer.staging;

/** What an extraction wrote: files, directories and links, and the bytes of the files. */
record ExtractionSummary(long entries, long bytes) {
}
