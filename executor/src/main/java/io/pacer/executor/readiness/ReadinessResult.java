package io.pacer.executor.readiness;

import io.pacer.executor.health.HttpReply;
import java.util.Optional;

/**
 * One outcome of a readiness check, as Marathon's ReadinessCheckResult (core/readiness/ReadinessCheckResult.scala)
 * without the task id: the update that carries it names the task.
 *
 * @param lastResponse kept only when the check has preserveLastResponse
 * @param detail       what was seen, for the update's message ("HTTP 503", "connection refused")
 */
public record ReadinessResult(String name, boolean ready, Optional<HttpReply> lastResponse, String detail) {
}
