package io.pacer.executor.spec;

import io.pacer.executor.health.HealthCheckSpec;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the executor needs to run one task, read from its TaskInfo by {@link TaskInfoReader}.
 *
 * @param killGracePeriod {@code TaskInfo.kill_policy.grace_period}, if set
 * @param labels          {@code TaskInfo.labels}, in their order
 * @param container       {@code TaskInfo.container}: run as a Docker container; empty: run as a process
 */
public record TaskDescription(String taskId, String name, TaskSpec spec, TaskResources resources,
                              Optional<HealthCheckSpec> healthCheck, Optional<Duration> killGracePeriod,
                              Map<String, String> labels, Optional<ContainerSpec> container) {
    public TaskDescription {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
}
