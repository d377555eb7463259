package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A group's apps by dependency level (the apps depended on first), and the checks of a group deployment's order
 * from what Pacer reports: a task's {@code stagedAt} (its launch) and its first passed health check
 * ({@code healthCheckResults[0].firstSuccess}) in /v2/apps/{id}/tasks, and the times of TASK_KILLED
 * status_update_events.
 */
record DependencyLevels(List<List<String>> levels) {

    /**
     * Asserts that every counted task of each level was launched no earlier than the last counted task of the level
     * before turned healthy, and returns, per boundary, the time from that last health to that level's first launch.
     *
     * @param counted the tasks the deployment launched (a scale leaves the earlier ones, healthy long before)
     */
    List<Duration> assertLaunchedInOrder(PacerProcess pacer, Predicate<JsonNode> counted) throws Exception {
        List<Duration> gaps = new ArrayList<>();
        Instant previousHealthy = null;
        StringBuilder trace = new StringBuilder();
        for (List<String> level : levels) {
            Instant firstLaunch = Instant.MAX;
            Instant lastHealthy = Instant.MIN;
            for (String app : level) {
                for (JsonNode task : pacer.tasks(app)) {
                    if (!counted.test(task)) {
                        continue;
                    }
                    Instant staged = Instant.parse(task.get("stagedAt").asText());
                    JsonNode health = task.get("healthCheckResults");
                    assertThat(health).as("health of " + task).isNotEmpty();
                    Instant healthy = Instant.parse(health.get(0).get("firstSuccess").asText());
                    trace.append(String.format("%s %s staged %s healthy %s%n", app, task.get("id").asText(), staged, healthy));
                    firstLaunch = min(firstLaunch, staged);
                    lastHealthy = max(lastHealthy, healthy);
                }
            }
            assertThat(firstLaunch).as("a counted task of " + level + "; tasks so far:\n" + trace).isNotEqualTo(Instant.MAX);
            if (previousHealthy != null) {
                assertThat(firstLaunch).as("the first launch of " + level + " comes after the last health of the level before:\n" + trace)
                        .isAfterOrEqualTo(previousHealthy);
                gaps.add(Duration.between(previousHealthy, firstLaunch));
            }
            previousHealthy = lastHealthy;
        }
        return gaps;
    }

    /** The same for the tasks of a whole new deployment: every task counts. */
    List<Duration> assertLaunchedInOrder(PacerProcess pacer) throws Exception {
        return assertLaunchedInOrder(pacer, task -> true);
    }

    /**
     * Asserts from the TASK_KILLED status_update_events of {@code killed} that the levels stopped in reverse order:
     * no task of a level was killed before every task of the levels that depend on it was.
     */
    void assertKilledInReverseOrder(List<JsonNode> events, Set<String> killed) {
        Instant previousLastKill = null;
        for (int i = levels.size() - 1; i >= 0; i--) {
            List<String> level = levels.get(i);
            List<Instant> kills = events.stream().filter(e -> e.get("eventType").asText().equals("status_update_event")
                            && e.get("taskStatus").asText().equals("TASK_KILLED") && killed.contains(e.get("taskId").asText())
                            && level.contains(e.get("appId").asText()))
                    .map(e -> Instant.parse(e.get("timestamp").asText())).toList();
            assertThat(kills).as("TASK_KILLED of " + level).isNotEmpty();
            Instant first = kills.stream().min(Instant::compareTo).orElseThrow();
            if (previousLastKill != null) {
                assertThat(first).as("the first kill of " + level + " after the last kill of the level depending on it")
                        .isAfterOrEqualTo(previousLastKill);
            }
            previousLastKill = kills.stream().max(Instant::compareTo).orElseThrow();
        }
    }

    /** Every app of every level. */
    List<String> apps() {
        return levels.stream().flatMap(List::stream).toList();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
