package io.pacer.scheduler.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {
    @Test
    void growsByTheFactorUpToTheCap() {
        BackoffPolicy demo = new BackoffPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));

        assertThat(demo.delayAfter(0)).isZero();
        assertThat(demo.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(demo.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(demo.delayAfter(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(demo.delayAfter(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(demo.delayAfter(1000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void marathonsDefaultsGrowByFifteenPercent() {
        BackoffPolicy defaults = new BackoffPolicy(Duration.ofSeconds(1), 1.15, Duration.ofSeconds(300));
        assertThat(defaults.delayAfter(3).toMillis()).isEqualTo(1322); // 1 * 1.15^2 = 1.3225 s
    }

    @Test
    void refusesAShrinkingFactor() {
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(3)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
