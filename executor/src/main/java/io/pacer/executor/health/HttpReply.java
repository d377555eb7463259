package io.pacer.executor.health;

/**
 * What an HTTP check read of a response when asked to keep it (readiness checks with preserveLastResponse):
 * Marathon's ReadinessCheckHttpResponse (types/readinessCheck.raml).
 *
 * @param contentType the Content-Type header, "" when there was none
 * @param body        the body as UTF-8, cut at the check's limit
 */
public record HttpReply(int status, String contentType, String body) {
}
