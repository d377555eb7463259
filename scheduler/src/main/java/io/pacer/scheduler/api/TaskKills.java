package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.launch.SchedulerControl;
import io.pacer.scheduler.task.TaskRecord;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kills chosen tasks and answers as Marathon does (api/TaskKiller.scala, AppTasksResource.scala,
 * TasksResource.scala): without {@code scale} the answer lists every chosen task, killed now or already ending;
 * with {@code scale} the apps shrink by their chosen active tasks and the answer is a deployment.
 */
final class TaskKills {
    private final SchedulerControl scheduler;
    private final TaskViews views;
    private final Clock clock;

    TaskKills(SchedulerControl scheduler, TaskViews views, Clock clock) {
        this.scheduler = scheduler;
        this.views = views;
        this.clock = clock;
    }

    /** {@code DELETE /v2/apps/{id}/tasks[?host=]} and {@code POST /v2/tasks/delete}: {"tasks": [...]} or a deployment. */
    ApiResponse kill(Map<AppDefinition, List<TaskRecord>> chosen, KillRequest how) {
        // an app with nothing chosen is left alone: not even re-stored with the same instances
        chosen.forEach((app, doomed) -> {
            if (!doomed.isEmpty()) {
                scheduler.killTasks(app.id(), ids(doomed), how.scale());
            }
        });
        if (how.scale()) {
            return Deployments.started(200, clock.instant());
        }
        var killed = JsonNodeFactory.instance.arrayNode();
        chosen.forEach((app, doomed) -> doomed.forEach(t -> killed.add(views.task(t, app))));
        return ApiResponse.json(200, JsonNodeFactory.instance.objectNode().set("tasks", killed));
    }

    /** {@code DELETE /v2/apps/{id}/tasks/{taskId}}: {"task": ...}, 404 for a task the app does not have, or a deployment. */
    ApiResponse killOne(AppDefinition app, String taskId, Optional<TaskRecord> task, KillRequest how) {
        if (task.isEmpty() && !how.scale()) {
            throw ApiException.of(404, "Task '" + taskId + "' does not exist");
        }
        task.ifPresent(t -> scheduler.killTasks(app.id(), List.of(t.taskId()), how.scale()));
        if (how.scale()) {
            return Deployments.started(200, clock.instant());
        }
        return ApiResponse.json(200, JsonNodeFactory.instance.objectNode().set("task", views.task(task.get(), app)));
    }

    /**
     * The app's tasks on agent host {@code host}, or all of them when there is no host or it is {@code *}
     * (AppTasksResource.deleteMany compares the instance's agent hostname for equality).
     */
    static List<TaskRecord> onHost(List<TaskRecord> tasks, Optional<String> host) {
        return host.filter(h -> !h.equals("*")).map(h -> tasks.stream().filter(t -> t.host().equals(h)).toList()).orElse(tasks);
    }

    private static List<String> ids(List<TaskRecord> tasks) {
        return tasks.stream().map(TaskRecord::taskId).toList();
    }
}
