package io.pacer.scheduler.api;

/**
 * How a kill of tasks was asked for ({@code ?scale=} and {@code ?wipe=} of {@code DELETE /v2/apps/{id}/tasks...} and
 * {@code POST /v2/tasks/delete}). {@code wipe} forgets a resident task's reservation in Marathon; Pacer has no
 * resident tasks, so every killed task is replaced by a fresh one anyway and a wipe kills as a plain kill does.
 */
record KillRequest(boolean scale, boolean wipe) {
    KillRequest {
        if (scale && wipe) {
            // Marathon's AppTasksResource and TasksResource refuse the pair with this 400
            throw ApiException.of(400, "You cannot use scale and wipe at the same time.");
        }
    }

    static KillRequest of(ApiRequest request) {
        return new KillRequest(request.flag("scale", false), request.flag("wipe", false));
    }
}
