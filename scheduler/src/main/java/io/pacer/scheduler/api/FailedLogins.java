package io.pacer.scheduler.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed logins, against guessing passwords: each is counted in /metrics by its reason, and a client address with
 * more than {@code limit} of them in the last minute is refused until enough of them are a minute old, whatever it
 * sends then ({@link #wait(String)}). A limit of 0 refuses no one.
 */
public final class FailedLogins {
    public static final int DEFAULT_LIMIT = 20;
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Beyond this many addresses, those without a failure in the window are forgotten: memory stays bounded. */
    private static final int SWEEP_ABOVE = 10_000;

    private final int limit;
    private final Clock clock;
    private final Map<ApiUsers.Failure, Counter> failures = new EnumMap<>(ApiUsers.Failure.class);
    private final Counter refused;
    /** Per address, its latest failures (at most limit + 1, all that decides), oldest first. */
    private final Map<String, Deque<Instant>> recent = new HashMap<>();

    public FailedLogins(int limit, Clock clock, MeterRegistry registry) {
        if (limit < 0) {
            throw new IllegalArgumentException("the limit of failed logins a minute must be 0 (none) or more, was " + limit);
        }
        this.limit = limit;
        this.clock = clock;
        for (ApiUsers.Failure reason : ApiUsers.Failure.values()) {
            failures.put(reason, Counter.builder("pacer.api.logins.failed").tag("reason", reason.tag())
                    .description("HTTP Basic credentials refused, by reason").register(registry));
        }
        this.refused = Counter.builder("pacer.api.logins.throttled")
                .description("requests refused (429) because their client failed to log in too often").register(registry);
    }

    /** Counted where nobody reads them, refusing no one: for an API without users. */
    public static FailedLogins unlimited() {
        return new FailedLogins(0, Clock.systemUTC(), new SimpleMeterRegistry());
    }

    public int limit() {
        return limit;
    }

    /** Counts a failed login from {@code client}. */
    public synchronized void record(String client, ApiUsers.Failure reason) {
        failures.get(reason).increment();
        if (limit == 0) {
            return;
        }
        Instant now = clock.instant();
        if (recent.size() > SWEEP_ABOVE) {
            recent.values().removeIf(times -> expire(times, now).isEmpty());
        }
        Deque<Instant> times = recent.computeIfAbsent(client, c -> new ArrayDeque<>());
        times.addLast(now);
        if (times.size() > limit + 1) {
            times.removeFirst();
        }
    }

    /** How long {@code client} must wait before it may try again: empty when it may now. */
    public synchronized Optional<Duration> wait(String client) {
        Deque<Instant> times = recent.get(client);
        if (times == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expire(times, now).isEmpty()) {
            recent.remove(client);
            return Optional.empty();
        }
        if (times.size() <= limit) {
            return Optional.empty();
        }
        refused.increment();
        // the oldest of the limit + 1 latest failures: once it is a minute old, at most limit are left in the window
        return Optional.of(Duration.between(now, times.peekFirst().plus(WINDOW)));
    }

    private static Deque<Instant> expire(Deque<Instant> times, Instant now) {
        Instant since = now.minus(WINDOW);
        while (!times.isEmpty() && !times.peekFirst().isAfter(since)) {
            times.removeFirst();
        }
        return times;
    }
}
