package io.pacer.executor.task;

import io.pacer.executor.process.KillPolicy;
import java.util.Optional;

/**
 * Why and how a task is to be stopped.
 *
 * @param healthFailure set when failed health checks asked for the kill: what failed, for the TASK_KILLED message
 */
public record KillRequest(KillPolicy policy, Cause cause, Optional<String> healthFailure) {
    public enum Cause {
        /** A KILL event from the scheduler. */
        KILL,
        /** A SHUTDOWN event, or the executor leaving. */
        SHUTDOWN,
        /** Too many consecutive health check failures. */
        HEALTH_CHECK
    }
}
