package io.pacer.staging.cli;

import io.pacer.staging.Artifact;
import io.pacer.staging.ProgressListener;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar redrawn in place, for a terminal. */
final class ProgressBar implements ProgressListener {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private int lastPercent = -1;
    private long lastDone = -1;

    ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onProgress(Artifact artifact, long bytesDone, long bytesTotal) {
        int percent = bytesTotal > 0 ? (int) (bytesDone * 100 / bytesTotal) : -1;
        if (percent == lastPercent && (percent >= 0 || bytesDone - lastDone < (1 << 20))) {
            return; // redraw only when something visible changed
        }
        lastPercent = percent;
        lastDone = bytesDone;
        String name = artifact.outputPath().getFileName().toString();
        if (percent < 0) {
            out.printf(Locale.ROOT, "\r%s %s", name, mebibytes(bytesDone));
        } else {
            int filled = percent * WIDTH / 100;
            out.printf(Locale.ROOT, "\r%s [%s%s] %3d%% %s / %s", name, "#".repeat(filled),
                    " ".repeat(WIDTH - filled), percent, mebibytes(bytesDone), mebibytes(bytesTotal));
        }
        out.flush();
    }

    /** Ends the bar's line so the next output starts on its own. */
    void finish() {
        if (lastDone >= 0) {
            out.print("\r\033[K");
            out.flush();
        }
        lastPercent = -1;
        lastDone = -1;
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
