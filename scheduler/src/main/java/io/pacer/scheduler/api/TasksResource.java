package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.app.PortDefinition;
import io.pacer.scheduler.launch.SchedulerControl;
import io.pacer.scheduler.task.ExecutorEndpointSecrets;
import io.pacer.scheduler.task.TaskRecord;
import io.pacer.scheduler.task.TaskRepository;
import io.pacer.scheduler.task.TaskUsage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * {@code GET /v2/tasks}: every task, as JSON (examples/tasks.json; {@code ?status=running} and friends filter), or
 * with {@code Accept: text/plain} in the format Marathon's load-balancer bridges read (api/EndpointsHelper.scala):
 * one line per app and service port, {@code app_id<TAB>servicePort<TAB>host:port<TAB>...}, running tasks only
 * (oldest first), byte for byte as Marathon's {@code EndpointsHelper.appsToEndpointString} writes host-networked apps,
 * which Marathon's {@code haproxy-marathon-bridge} reads. A task Pacer decided to kill is left out at once, as Marathon
 * leaves out an instance whose condition is Killing, so that a bridge stops routing to it while it drains.
 * {@code POST /v2/tasks/delete} kills the tasks whose ids it lists, across apps (api/v2/TasksResource.scala killTasks):
 * unknown ids are skipped, an id that cannot be a task id is a 400, {@code ?scale=true} shrinks each app.
 * Below it, a task's executor details and log tails, from its executor ({@link ExecutorProxy}).
 */
public final class TasksResource {
    public static final String PREFIX = "/v2/tasks";
    private static final String DELETE = PREFIX + "/delete";
    /** What Pacer's task ids look like (TaskInfoFactory): {@code shop_web.<uuid>}. */
    private static final Pattern TASK_ID = Pattern.compile("[^./][^/]*\\.[^./]+");

    private final AppRepository apps;
    private final TaskRepository tasks;
    private final TaskViews views;
    private final ExecutorProxy executors;
    private final TaskKills kills;

    public TasksResource(AppRepository apps, TaskRepository tasks, SchedulerControl scheduler,
                         TaskUsage usage, ExecutorEndpointSecrets executorSecrets, Clock clock) {
        this.apps = apps;
        this.tasks = tasks;
        this.views = new TaskViews(tasks, scheduler, usage);
        this.executors = new ExecutorProxy(tasks, executorSecrets, ExecutorProxy.TIMEOUT);
        this.kills = new TaskKills(scheduler, views, clock);
    }

    public Route route() {
        Route list = Route.get(PREFIX, this::list);
        return request -> {
            if (request.path().equals(PREFIX)) {
                return list.handle(request);
            }
            if (request.path().equals(DELETE)) {
                if (!request.method().equals("POST")) {
                    throw ApiException.of(405, request.method() + " is not allowed on " + DELETE);
                }
                return delete(request);
            }
            return executors.handle(request);
        };
    }

    private ApiResponse delete(ApiRequest request) {
        KillRequest how = KillRequest.of(request);
        JsonNode ids = request.jsonBody().path("ids");
        if (!ids.isArray()) {
            throw ApiException.unmappable("/ids", "is required: a list of task ids, e.g. {\"ids\": [\"shop_web.1a2b\"]}");
        }
        Map<AppDefinition, List<TaskRecord>> chosen = new LinkedHashMap<>();
        for (JsonNode id : ids) {
            String taskId = id.asText();
            if (!id.isTextual() || !TASK_ID.matcher(taskId).matches()) {
                throw ApiException.of(400, "Invalid task id '" + id.asText() + "'. [a task id is its app's id with '_' for '/', "
                        + "a '.' and a unique part, as /v2/tasks lists them]");
            }
            tasks.get(taskId).ifPresent(t -> apps.get(t.appId()).ifPresent(app ->
                    chosen.computeIfAbsent(app, a -> new ArrayList<>()).add(t)));
        }
        return kills.kill(chosen, how);
    }

    private ApiResponse list(ApiRequest request) {
        boolean text = request.header("Accept").map(a -> a.contains("text/plain") && !a.contains("application/json")).orElse(false);
        return text ? ApiResponse.text(200, endpoints()) : json(request);
    }

    private ApiResponse json(ApiRequest request) {
        Set<TaskState> wanted = request.query().getOrDefault("status", List.of()).stream()
                .map(s -> TaskState.valueOf("TASK_" + s.toUpperCase(java.util.Locale.ROOT))).collect(Collectors.toSet());
        var list = JsonNodeFactory.instance.arrayNode();
        for (AppDefinition app : apps.all()) {
            tasks.of(app.id()).stream().filter(t -> wanted.isEmpty() || wanted.contains(t.state()))
                    .forEach(t -> list.add(views.task(t, app)));
        }
        return ApiResponse.json(200, JsonNodeFactory.instance.objectNode().set("tasks", list));
    }

    private String endpoints() {
        StringBuilder out = new StringBuilder();
        for (AppDefinition app : apps.all()) {
            String id = String.join("_", app.id().segments());
            List<TaskRecord> running = tasks.of(app.id()).stream().filter(t -> t.state() == TaskState.TASK_RUNNING && !t.killRequested())
                    .sorted(TaskRecord.OLDEST_FIRST).toList();
            List<Integer> servicePorts = app.portDefinitions().stream().map(PortDefinition::port).toList();
            if (servicePorts.isEmpty()) {
                out.append(id).append("\t \t");
                running.forEach(t -> out.append(t.host()).append('\t'));
                out.append('\n');
            }
            for (int i = 0; i < servicePorts.size(); i++) {
                out.append(id).append('\t').append(servicePorts.get(i)).append('\t');
                int index = i;
                running.stream().filter(t -> t.ports().size() > index)
                        .forEach(t -> out.append(t.host()).append(':').append(t.ports().get(index)).append('\t'));
                out.append('\n');
            }
        }
        return out.toString();
    }
}
