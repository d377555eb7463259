package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.task.TaskJson;
import io.pacer.scheduler.task.TaskRecord;
import io.pacer.scheduler.task.TaskRepository;

/**
 * readinessCheckResults as the API shows them (Marathon's TaskReadinessCheckResult, types/readinessCheck.raml): the
 * results of an app's tasks that are not ready yet, the ones a deployment waits for. Tasks being killed are left
 * out: nothing waits for them.
 */
final class ReadinessView {
    private final TaskRepository tasks;

    ReadinessView(TaskRepository tasks) {
        this.tasks = tasks;
    }

    ArrayNode notReady(AppId app) {
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        for (TaskRecord t : tasks.of(app)) {
            if (t.countsTowardApp()) {
                t.readiness().stream().filter(r -> !r.ready()).forEach(r -> results.add(TaskJson.readinessResult(t, r)));
            }
        }
        return results;
    }
}
