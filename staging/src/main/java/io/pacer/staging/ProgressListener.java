package io.pacer.staging;

/** Hears how far the bytes of one artifact have come; called on the staging thread, so it must be quick. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (artifact, bytesDone, bytesTotal) -> { };

    /**
     * @param bytesTotal the announced size, or -1 when the source did not say
     */
    void onProgress(Artifact artifact, long bytesDone, long bytesTotal);
}
