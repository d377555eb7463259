package io.pacer.executor.process;

import java.time.Duration;
import java.util.Optional;

/** The time between SIGTERM and SIGKILL when a task is stopped (Mesos's {@code KillPolicy}). */
public record KillPolicy(Duration gracePeriod) {
    /** What Mesos's command executor uses when neither the KILL event nor the TaskInfo has a policy (src/launcher/executor.cpp). */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(3);

    /** Mesos's precedence: the KILL event's policy, then the TaskInfo's, then the default. */
    public static KillPolicy choose(Optional<Duration> fromKillEvent, Optional<Duration> fromTaskInfo) {
        return new KillPolicy(fromKillEvent.or(() -> fromTaskInfo).orElse(DEFAULT_GRACE_PERIOD));
    }
}
