package io.pacer.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 22's figure: failed requests during a rolling upgrade of a 10-instance app behind the discovery module's
 * HAProxy under continuous HTTP load ({@link RollingUpgradeUnderLoad}), over N runs (the first argument, default 3),
 * each on a fresh pacer.jar; further arguments go to pacer.jar (e.g. {@code --kill-drain-delay 0ms}, to see what the
 * drain delay is for). Prints each run, then the totals. Not a test: a measurement, run by scripts/bench-zerodown.
 */
public final class ZeroDowntimeBenchmark {
    private ZeroDowntimeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<RollingUpgradeUnderLoad.Result> results = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Path dir = Files.createTempDirectory("pacer-zerodown-bench");
            RollingUpgradeUnderLoad.Result result = RollingUpgradeUnderLoad.run(dir, "ZeroDowntimeBenchmark-" + run,
                    java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
            results.add(result);
            System.out.printf("run %d: %s%n", run, result.summary());
            result.failures().stream().limit(20).forEach(f -> System.out.println("  failed: " + f));
            if (!LeftoverProcesses.under(dir).isEmpty()) {
                System.out.println("  left running: " + LeftoverProcesses.under(dir));
            }
            TempFolders.delete(dir);
        }
        long requests = results.stream().mapToLong(RollingUpgradeUnderLoad.Result::requests).sum();
        long failed = results.stream().mapToLong(r -> r.failures().size()).sum();
        long unanswered = results.stream().mapToLong(r -> r.haproxy().lost()).sum();
        System.out.printf("%d runs%s: %d requests, %d failed, %d lost on HAProxy's side; upgrade durations %s ms%n", runs,
                args.length > 1 ? " with " + String.join(" ", java.util.Arrays.copyOfRange(args, 1, args.length)) : "", requests, failed,
                unanswered, results.stream().map(r -> r.upgrade().toMillis()).toList());
        System.exit(failed == 0 && unanswered == 0 ? 0 : 1);
    }
}
