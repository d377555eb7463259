package io.pacer.scheduler.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameworkIdGuardTest {
    @Test
    void aStateWithAppsOrTasksAndNoFrameworkIdIsRefusedSayingWhatToDo() {
        assertThat(FrameworkIdGuard.refusal(Optional.empty(), 3, 0, false)).hasValueSatisfying(why -> assertThat(why)
                .contains("3 app(s) and 0 task(s) but no framework id").contains("--new-framework"));
        assertThat(FrameworkIdGuard.refusal(Optional.empty(), 0, 5, false)).isPresent();
    }

    @Test
    void aFrameworkIdAFreshStateOrNewFrameworkSubscribe() {
        assertThat(FrameworkIdGuard.refusal(Optional.of("fw-1"), 3, 5, false)).isEmpty();
        assertThat(FrameworkIdGuard.refusal(Optional.empty(), 0, 0, false)).isEmpty();
        assertThat(FrameworkIdGuard.refusal(Optional.empty(), 3, 5, true)).isEmpty();
    }
}
