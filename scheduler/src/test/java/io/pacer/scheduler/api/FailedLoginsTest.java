package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pacer.scheduler.time.MovableClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailedLoginsTest {
    private final MovableClock clock = new MovableClock();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final FailedLogins logins = new FailedLogins(3, clock, registry);

    private void fail(String client, int times) {
        for (int i = 0; i < times; i++) {
            logins.record(client, ApiUsers.Failure.WRONG_PASSWORD);
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void upToTheLimitAClientMayGoOnOneMoreAndItWaitsUntilTheOldestCountingFailureIsAMinuteOld() {
        fail("10.0.0.1", 3);
        assertThat(logins.wait("10.0.0.1")).as("3 failures, limit 3").isEmpty();

        fail("10.0.0.1", 1); // the 4th at 10:00:03, now 10:00:04

        assertThat(logins.wait("10.0.0.1")).contains(Duration.ofSeconds(56));
        assertThat(logins.wait("10.0.0.2")).as("another address").isEmpty();
        clock.advance(Duration.ofSeconds(55));
        assertThat(logins.wait("10.0.0.1")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(logins.wait("10.0.0.1")).as("the first failure is a minute old: 3 left").isEmpty();
        logins.record("10.0.0.1", ApiUsers.Failure.WRONG_PASSWORD);
        assertThat(logins.wait("10.0.0.1")).as("4 again in the last minute, the oldest at 10:00:01").contains(Duration.ofSeconds(1));
    }

    @Test
    void failuresAreCountedByReasonAndRefusalsToo() {
        logins.record("10.0.0.1", ApiUsers.Failure.UNKNOWN_USER);
        fail("10.0.0.1", 3);
        logins.wait("10.0.0.1");

        String scrape = registry.scrape();
        assertThat(scrape).contains("pacer_api_logins_failed_total{reason=\"unknown_user\"} 1.0")
                .contains("pacer_api_logins_failed_total{reason=\"wrong_password\"} 3.0")
                .contains("pacer_api_logins_failed_total{reason=\"malformed\"} 0.0")
                .contains("pacer_api_logins_throttled_total 1.0");
    }

    @Test
    void aLimitOf0RefusesNoOneButStillCounts() {
        FailedLogins unlimited = new FailedLogins(0, clock, registry);
        for (int i = 0; i < 100; i++) {
            unlimited.record("10.0.0.1", ApiUsers.Failure.WRONG_PASSWORD);
        }
        assertThat(unlimited.wait("10.0.0.1")).isEqualTo(Optional.empty());
        assertThat(registry.scrape()).contains("pacer_api_logins_failed_total{reason=\"wrong_password\"} 100.0");
        assertThatThrownBy(() -> new FailedLogins(-1, clock, registry)).hasMessageContaining("was -1");
    }
}
