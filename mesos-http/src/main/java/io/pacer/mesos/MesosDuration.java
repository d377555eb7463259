package io.pacer.mesos;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mesos's duration strings ({@code 5secs}, {@code 250ms}, {@code 2.5mins}, {@code 15mins}), as stout's
 * {@code Duration::parse} reads them and {@code operator<<} writes them (3rdparty/stout/include/stout/duration.hpp).
 * The agent passes durations to executors this way, e.g. MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD=5secs.
 */
public final class MesosDuration {
    private static final Pattern FORMAT = Pattern.compile("([0-9]*\\.?[0-9]+|[0-9]+\\.)([a-z]+)");

    private enum Unit {
        NS("ns", 1L),
        US("us", 1_000L),
        MS("ms", 1_000_000L),
        SECS("secs", 1_000_000_000L),
        MINS("mins", 60 * 1_000_000_000L),
        HRS("hrs", 3_600 * 1_000_000_000L),
        DAYS("days", 86_400 * 1_000_000_000L),
        WEEKS("weeks", 7 * 86_400 * 1_000_000_000L);

        final String symbol;
        final long nanos;

        Unit(String symbol, long nanos) {
            this.symbol = symbol;
            this.nanos = nanos;
        }
    }

    private static final List<Unit> UNITS = List.of(Unit.values());

    private MesosDuration() {
    }

    /** Parses e.g. {@code 2.5mins}; throws IllegalArgumentException naming the text and the units Mesos knows. */
    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a Mesos duration: expected a number and a unit, e.g. 5secs or 2.5mins");
        }
        Unit unit = UNITS.stream().filter(u -> u.symbol.equals(m.group(2))).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown duration unit '" + m.group(2) + "' in '" + text
                        + "'; supported units are ns, us, ms, secs, mins, hrs, days and weeks"));
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit.nanos));
        return Duration.ofNanos(nanos.longValue());
    }

    /**
     * Writes a duration the way Mesos does: in the largest unit it reaches, unless it is whole only in the next
     * smaller unit: 90 s is {@code 90secs}, 150.5 s is {@code 2.50833333333333mins}
     * (15 significant digits, as stout prints doubles).
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        long nanos = duration.toNanos();
        int bucket = 0;
        while (bucket + 1 < UNITS.size() && nanos >= UNITS.get(bucket + 1).nanos) {
            bucket++;
        }
        Unit unit = UNITS.get(bucket);
        if (bucket > 0 && nanos % unit.nanos != 0 && nanos % UNITS.get(bucket - 1).nanos == 0) {
            unit = UNITS.get(bucket - 1);
        }
        BigDecimal value = BigDecimal.valueOf(nanos).divide(BigDecimal.valueOf(unit.nanos), new MathContext(15));
        return value.stripTrailingZeros().toPlainString() + unit.symbol;
    }
}
