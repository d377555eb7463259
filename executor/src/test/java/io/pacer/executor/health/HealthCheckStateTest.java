package io.pacer.executor.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthCheckStateTest {
    static final long SECOND = 1_000_000_000L;

    @Test
    void failuresInsideTheGracePeriodAreIgnoredUntilTheFirstSuccess() {
        HealthCheckState state = new HealthCheckState(2, Duration.ofSeconds(10), 0);

        assertThat(state.failure(5 * SECOND)).isEmpty();
        assertThat(state.failure(10 * SECOND)).as("the grace period includes its end").isEmpty();
        assertThat(state.failure(11 * SECOND)).contains(new HealthChange(false, 1, false));
    }

    @Test
    void afterTheFirstSuccessEveryFailureCountsEvenInsideTheGracePeriod() {
        HealthCheckState state = new HealthCheckState(2, Duration.ofSeconds(10), 0);

        assertThat(state.success()).as("the first success is reported").contains(new HealthChange(true, 0, false));
        assertThat(state.success()).as("later ones are not").isEmpty();
        assertThat(state.failure(SECOND)).contains(new HealthChange(false, 1, false));
        assertThat(state.failure(2 * SECOND)).contains(new HealthChange(false, 2, true));
    }

    @Test
    void aLimitOfZeroReportsEveryFailureAndNeverAsksForAKill() {
        HealthCheckState state = new HealthCheckState(0, Duration.ZERO, 0);

        for (int n = 1; n <= 50; n++) {
            assertThat(state.failure(n * SECOND)).contains(new HealthChange(false, n, false));
        }
        assertThat(state.success()).contains(new HealthChange(true, 0, false));
    }

    @Test
    void aLimitOfOneKillsAtTheFirstCountedFailure() {
        assertThat(new HealthCheckState(1, Duration.ZERO, 0).failure(0)).contains(new HealthChange(false, 1, true));
    }

    @Test
    void aSuccessAfterFailuresIsReportedAndResetsTheCount() {
        HealthCheckState state = new HealthCheckState(3, Duration.ZERO, 0);

        assertThat(state.failure(0)).as("no grace period: the very first failure counts").contains(new HealthChange(false, 1, false));
        assertThat(state.failure(0)).contains(new HealthChange(false, 2, false));
        assertThat(state.success()).contains(new HealthChange(true, 0, false));
        assertThat(state.failure(0)).contains(new HealthChange(false, 1, false));
        assertThat(state.failure(0)).map(HealthChange::killTask).isEqualTo(Optional.of(false));
        assertThat(state.failure(0)).contains(new HealthChange(false, 3, true));
    }
}
