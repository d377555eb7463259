package io.pacer.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MesosDurationTest {
    @ParameterizedTest
    @CsvSource({
            "5secs, PT5S",
            "250ms, PT0.25S",
            "2.5mins, PT2M30S",
            "15mins, PT15M",
            "2secs, PT2S",
            "1hrs, PT1H",
            "7days, PT168H",
            "2weeks, PT336H",
            "1500us, PT0.0015S",
            "20ns, PT0.00000002S",
            ".5secs, PT0.5S",
    })
    void parsesWhatTheAgentWrites(String text, Duration expected) {
        assertThat(MesosDuration.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "secs", "5 secs", "-5secs", "5.5.5secs"})
    void rejectsTextThatIsNotADuration(String text) {
        assertThatThrownBy(() -> MesosDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "' is not a Mesos duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5sec", "5s", "3minutes"})
    void namesTheUnitsItKnowsWhenTheUnitIsWrong(String text) {
        assertThatThrownBy(() -> MesosDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown duration unit")
                .hasMessageContaining("ns, us, ms, secs, mins, hrs, days and weeks");
    }

    @ParameterizedTest
    @CsvSource({
            "PT5S, 5secs",
            "PT15M, 15mins",
            "PT2M30S, 150secs",
            "PT1M30S, 90secs",
            "PT0.25S, 250ms",
            "PT1.5S, 1500ms",
            "PT36H, 36hrs",
            "PT240H, 10days",
            "PT168H, 1weeks",
            "PT0S, 0ns",
    })
    void formatsAsStoutDoes(Duration duration, String expected) {
        assertThat(MesosDuration.format(duration)).isEqualTo(expected);
        assertThat(MesosDuration.parse(expected)).isEqualTo(duration);
    }

    @ParameterizedTest
    @CsvSource({"PT2M30.5S, 2.50833333333333mins", "PT-5S, -5secs"})
    void writesFractionsWithFifteenSignificantDigitsAndNegativesWithASign(Duration duration, String expected) {
        assertThat(MesosDuration.format(duration)).isEqualTo(expected);
    }
}
