package io.pacer.executor.health;

import io.pacer.executor.process.ExitStatus;
import io.pacer.executor.process.ProcessLauncher;
import io.pacer.executor.process.RunningProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the check's command in the task's sandbox with the task's environment, in a session of its own; exit 0 is
 * healthy. A command that outlives the timeout is killed with its whole session (Mesos kills the check's process
 * tree the same way). Output is discarded.
 */
public final class CommandHealthCheck implements HealthProbe {
    private final ProcessLauncher launcher;
    private final List<String> argv;
    private final Path sandbox;
    private final Map<String, String> env;
    private final Executor waiter;

    /** @param waiter runs the short blocking waits for a check's processes to be gone */
    public CommandHealthCheck(ProcessLauncher launcher, List<String> argv, Path sandbox, Map<String, String> env, Executor waiter) {
        this.launcher = launcher;
        this.argv = List.copyOf(argv);
        this.sandbox = sandbox;
        this.env = Map.copyOf(env);
        this.waiter = waiter;
    }

    @Override
    public CompletableFuture<ProbeOutcome> check(Optional<Duration> timeout) {
        // Forking is not free: keep it off the caller's thread (the checks' shared event loop).
        return CompletableFuture.supplyAsync(this::start, waiter).thenCompose(process -> process
                .map(p -> await(p, timeout))
                .orElseGet(() -> CompletableFuture.completedFuture(ProbeOutcome.unhealthy("cannot start the command " + argv.get(0)))));
    }

    private Optional<RunningProcess> start() {
        try {
            return Optional.of(launcher.launchQuiet(argv, sandbox, env));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private CompletableFuture<ProbeOutcome> await(RunningProcess process, Optional<Duration> timeout) {
        CompletableFuture<Process> exit = process.leaderExit();
        CompletableFuture<Process> bounded = timeout.map(t -> exit.copy().orTimeout(t.toNanos(), TimeUnit.NANOSECONDS)).orElse(exit);
        return bounded.handleAsync((ignored, error) -> {
            try {
                if (error != null && unwrap(error) instanceof TimeoutException) {
                    process.stop(Duration.ZERO);
                    return ProbeOutcome.unhealthy("timed out after " + timeout.orElseThrow().toMillis() + " ms");
                }
                ExitStatus status = process.finish();
                return status.succeeded() ? ProbeOutcome.healthy("exit status 0") : ProbeOutcome.unhealthy("command " + status.describe());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ProbeOutcome.unhealthy("interrupted");
            }
        }, waiter);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
