package io.pacer.executor.health;

/**
 * A health result Mesos reports to the scheduler (TASK_RUNNING with {@code healthy}), as health_checker.cpp's
 * TaskHealthStatus.
 *
 * @param killTask consecutive failures reached the limit: the executor must kill the task
 */
public record HealthChange(boolean healthy, int consecutiveFailures, boolean killTask) {
}
