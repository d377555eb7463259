package io.pacer.staging;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * The staging benchmark behind {@code scripts/bench-staging} (a command, not a test):
 * {@code generate FILE} writes the ~256 MiB tarball, {@code run URL WORKDIR RUNS} times curl|tar against the
 * stager, cold and cached, in one warm JVM as the executor would be.
 */
public final class StagingBenchmark {

    private static final long TARGET_BYTES = 256L << 20;
    private static final long SEED = 20261125L;

    private StagingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]));
            case "run" -> run(args[1], Path.of(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("generate FILE | run URL WORKDIR RUNS");
        }
    }

    /** Many files of mixed sizes, most of them random bytes, a fifth of them text; gzip level 1. */
    private static void generate(Path file) throws IOException {
        Random random = new Random(SEED);
        GzipParameters gzip = new GzipParameters();
        gzip.setCompressionLevel(1);
        long total = 0;
        int files = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out, gzip))) {
            while (total < TARGET_BYTES) {
                double kind = random.nextDouble();
                int size = kind < 0.85 ? 512 + random.nextInt(64 << 10)
                        : kind < 0.97 ? (64 << 10) + random.nextInt(960 << 10)
                        : (1 << 20) + random.nextInt(7 << 20);
                byte[] content = new byte[size];
                if (files % 5 == 4) {
                    byte[] line = ("line " + files + " of a text file that compresses well\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < size; i++) {
                        content[i] = line[i % line.length];
                    }
                } else {
                    random.nextBytes(content);
                }
                TarArchiveEntry entry = new TarArchiveEntry("app/dir" + (files / 40) + "/file" + files + ".bin");
                entry.setSize(size);
                entry.setMode(files % 7 == 0 ? 0755 : 0644);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
                total += size;
                files++;
            }
        }
        System.out.printf(Locale.ROOT, "generated %s: %d files, %.1f MiB unpacked, %.1f MiB packed%n", file, files,
                total / 1048576.0, Files.size(file) / 1048576.0);
    }

    private static void run(String url, Path work, int runs) throws Exception {
        List<Double> curl = new ArrayList<>();
        List<Double> cold = new ArrayList<>();
        List<Double> uncached = new ArrayList<>();
        List<Double> cached = new ArrayList<>();
        List<Double> cliCold = new ArrayList<>();
        List<Double> cliCached = new ArrayList<>();
        Artifact artifact = Artifact.of(url);
        Path cacheDir = work.resolve("cache");
        // the first round warms the JIT, as in a long-lived executor; it is not counted
        for (int round = 0; round <= runs; round++) {
            boolean counted = round > 0;
            Path curlInto = Files.createDirectories(work.resolve("curl"));
            time(counted, curl, () -> curlTar(url, curlInto));

            FileTree.delete(cacheDir);
            try (ArtifactStager stager = new ArtifactStager(StagingConfig.defaults().withCache(cacheDir, 4L << 30))) {
                Path sandbox = work.resolve("cold");
                time(counted, cold, () -> stager.stage(artifact.withCache(true), sandbox, ProgressListener.NONE));
                if (!counted) {
                    sameTree(curlInto, sandbox); // a fast wrong answer is no answer
                }
                FileTree.delete(curlInto);
                FileTree.delete(sandbox);

                Path warm = work.resolve("cached");
                time(counted, cached, () -> stager.stage(artifact.withCache(true), warm, ProgressListener.NONE));
                FileTree.delete(warm);

                Path direct = work.resolve("uncached");
                time(counted, uncached, () -> stager.stage(artifact, direct, ProgressListener.NONE));
                FileTree.delete(direct);
            }
            // the command-line tool, a new JVM each time: cold, then cached
            Path cliCache = work.resolve("cli-cache");
            Path cliInto = work.resolve("cli");
            time(counted, cliCold, () -> cli(url, cliInto, cliCache));
            FileTree.delete(cliInto);
            time(counted, cliCached, () -> cli(url, cliInto, cliCache));
            FileTree.delete(cliInto);
            FileTree.delete(cliCache);
        }
        FileTree.delete(cacheDir);
        double base = median(curl);
        System.out.printf(Locale.ROOT, "median of %d runs (after 1 warm-up round)%n", runs);
        System.out.printf(Locale.ROOT, "  curl -s URL | tar xz          %7.3f s%n", base);
        System.out.printf(Locale.ROOT, "  pacer cold (empty cache)      %7.3f s  %.2fx  target <= 1.2x  %s%n",
                median(cold), median(cold) / base, median(cold) / base <= 1.2 ? "MET" : "MISSED");
        System.out.printf(Locale.ROOT, "  pacer from cache              %7.3f s  %.3fx target <= 0.1x  %s%n",
                median(cached), median(cached) / base, median(cached) / base <= 0.1 ? "MET" : "MISSED");
        System.out.printf(Locale.ROOT, "  pacer cache=false (info)      %7.3f s  %.2fx%n",
                median(uncached), median(uncached) / base);
        System.out.printf(Locale.ROOT, "  CLI cold, new JVM (info)      %7.3f s  %.2fx%n",
                median(cliCold), median(cliCold) / base);
        System.out.printf(Locale.ROOT, "  CLI from cache, new JVM (info)%7.3f s  %.3fx%n",
                median(cliCached), median(cliCached) / base);
    }

    private static void sameTree(Path expected, Path actual) throws IOException, InterruptedException {
        Process diff = new ProcessBuilder("diff", "-r", "-q", expected.toString(), actual.toString()).inheritIO()
                .start();
        if (diff.waitFor() != 0) {
            throw new IllegalStateException("pacer unpacked a different tree than tar: see the diff above");
        }
        System.out.println("checked: pacer's tree is identical to tar's (diff -r)");
    }

    private static Object cli(String url, Path into, Path cache) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "staging/target/pacer-staging.jar", "fetch", "--into", into.toString(), "--cache",
                cache.toString(), url).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (process.waitFor() != 0) {
            throw new IOException("pacer-staging.jar failed with " + process.exitValue());
        }
        return null;
    }

    private static Object curlTar(String url, Path into) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", "curl -sf \"$0\" | tar xz -C \"$1\"", url, into.toString())
                .inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException("curl | tar failed with " + process.exitValue());
        }
        return null;
    }

    private static void time(boolean counted, List<Double> times, Callable<?> action) throws Exception {
        long start = System.nanoTime();
        action.call();
        if (counted) {
            times.add((System.nanoTime() - start) / 1e9);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
