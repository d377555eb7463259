package io.pacer.scheduler.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** The latest resource usage of a task as its executor reports it (Mesos's ResourceStatistics field names). */
@FunctionalInterface
public interface TaskUsage {
    /** The executor's usage object as it sent it, never changed; empty while none is known. */
    Optional<JsonNode> of(String taskId);
}
