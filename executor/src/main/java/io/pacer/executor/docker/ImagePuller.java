package io.pacer.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import io.pacer.executor.workload.LaunchException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Makes sure the task's image is in the engine: an image already there is used as it is (no registry needed);
 * one that is not, or any with {@code forcePullImage}, is pulled, with the layers' progress reported as soon as their
 * sizes are known and then about once a second.
 */
final class ImagePuller {
    private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

    private final DockerClient client;

    ImagePuller(DockerClient client) {
        this.client = client;
    }

    void ensure(String image, boolean forcePull, Consumer<String> progress) throws LaunchException, InterruptedException {
        if (!forcePull && isPresent(image)) {
            return;
        }
        progress.accept("Pulling image " + image);
        PullProgress pull = new PullProgress(image, progress);
        try {
            client.pullImageCmd(withTag(image)).exec(pull).awaitCompletion();
        } catch (RuntimeException e) {
            throw new LaunchException("Cannot pull image " + image + ": " + DockerErrors.describe(e), e);
        } finally {
            close(pull);
        }
        if (pull.error != null) {
            throw new LaunchException("Cannot pull image " + image + ": " + pull.error);
        }
        progress.accept("Pulled image " + image + pull.summary());
    }

    private boolean isPresent(String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Without a tag the engine would pull every tag of the repository; the docker CLI means {@code latest}. */
    static String withTag(String image) {
        int lastSlash = image.lastIndexOf('/');
        boolean tagged = image.indexOf(':', lastSlash + 1) >= 0 || image.contains("@");
        return tagged ? image : image + ":latest";
    }

    private static void close(PullProgress pull) {
        try {
            pull.close();
        } catch (IOException e) {
            // the stream is over either way
        }
    }

    /** Sums the layers' bytes and reports them at most once per interval. */
    private static final class PullProgress extends ResultCallback.Adapter<PullResponseItem> {
        private final String image;
        private final Consumer<String> progress;
        private final Map<String, long[]> layers = new ConcurrentHashMap<>();
        /** So that the first sizes known are reported at once: a short pull still says what it fetched. */
        private long lastReport = System.nanoTime() - PROGRESS_INTERVAL_NANOS;
        private volatile String error;

        PullProgress(String image, Consumer<String> progress) {
            this.image = image;
            this.progress = progress;
        }

        @Override
        public void onNext(PullResponseItem item) {
            if (item.isErrorIndicated()) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
                return;
            }
            if (item.getId() != null && item.getProgressDetail() != null && item.getProgressDetail().getTotal() != null) {
                layers.put(item.getId(), new long[] {item.getProgressDetail().getCurrent(), item.getProgressDetail().getTotal()});
            }
            long now = System.nanoTime();
            if (now - lastReport >= PROGRESS_INTERVAL_NANOS && !layers.isEmpty()) {
                lastReport = now;
                long done = layers.values().stream().mapToLong(l -> l[0]).sum();
                progress.accept(String.format("Pulling image %s: %d of %d layer(s), %.1f of %.1f MB", image,
                        layers.values().stream().filter(l -> l[0] >= l[1]).count(), layers.size(), done / 1e6, total() / 1e6));
            }
        }

        private long total() {
            return layers.values().stream().mapToLong(l -> l[1]).sum();
        }

        /** What was fetched, when the engine said (layers it already had are not counted). */
        String summary() {
            return layers.isEmpty() ? "" : String.format(" (%d layer(s), %.1f MB)", layers.size(), total() / 1e6);
        }
    }
}
