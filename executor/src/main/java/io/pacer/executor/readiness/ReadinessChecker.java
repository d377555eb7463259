package io.pacer.executor.readiness;

import io.pacer.executor.health.HealthProbe;
import io.pacer.executor.health.HttpReply;
import io.pacer.executor.health.ProbeOutcome;
import io.pacer.executor.health.RepeatingProbe;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Runs one readiness check of a task as Marathon's ReadinessCheckExecutorImpl does: the first check at once (the
 * task is running), the next {@code interval} after each answer, until one is ready; that result is the last.
 * A check that gets no answer is not ready, with Marathon's stand-in response (504, text/plain, what went wrong).
 * A result is reported when it differs from the last reported one, so that a task that keeps answering the same
 * does not send a status update every interval.
 */
public final class ReadinessChecker {
    private final ReadinessCheckSpec spec;
    private final Consumer<ReadinessResult> report;
    /** Touched only by the outcome of the one check in flight. */
    private ReadinessResult lastReported;
    private volatile RepeatingProbe checks;

    private ReadinessChecker(ReadinessCheckSpec spec, Consumer<ReadinessResult> report) {
        this.spec = spec;
        this.report = report;
    }

    /** @param report hears the results to report, on the check's thread */
    public static ReadinessChecker start(ReadinessCheckSpec spec, HealthProbe probe, ScheduledExecutorService timer,
                                         Consumer<ReadinessResult> report) {
        ReadinessChecker checker = new ReadinessChecker(spec, report);
        checker.checks = RepeatingProbe.start(probe, Duration.ZERO, spec.interval(), Optional.of(spec.timeout()), timer,
                checker::completed);
        return checker;
    }

    /** No check starts after this (the task is being killed or has ended). */
    public void stop() {
        checks.stop();
    }

    /** Reports a result that differs from the last one; checks again while not ready. */
    private boolean completed(ProbeOutcome outcome, Duration latency) {
        ReadinessResult result = result(spec, outcome);
        if (!result.equals(lastReported)) {
            lastReported = result;
            report.accept(result);
        }
        return !result.ready();
    }

    static ReadinessResult result(ReadinessCheckSpec spec, ProbeOutcome outcome) {
        Optional<HttpReply> response = !spec.preserveLastResponse() ? Optional.empty()
                : outcome.reply().or(() -> Optional.of(new HttpReply(504, "text/plain",
                        "Pacer's executor could not query " + spec.probe().target() + ": " + outcome.detail())));
        // healthy = answered one of httpStatusCodesForReady (the probe's statuses)
        return new ReadinessResult(spec.name(), outcome.healthy(), response, outcome.detail());
    }
}
