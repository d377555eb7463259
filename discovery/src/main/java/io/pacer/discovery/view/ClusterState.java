package io.pacer.discovery.view;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the watcher knows of Pacer's apps and tasks: set from a snapshot ({@code GET /v2/apps?embed=apps.tasks}),
 * then moved on by each event of {@code /v2/events}. Events read after a snapshot may be older than it (the stream
 * is opened first, so nothing is missed); each event sets what it says, so replaying them converges on the truth.
 * A task that is being killed or has ended is remembered as gone, so that no later snapshot or event brings it back.
 * Not thread-safe: the watcher's one thread owns it.
 */
public final class ClusterState {
    /** Mesos states after which a task serves no more (TASK_KILLING included: it is on its way out). */
    private static final Set<String> GONE_STATES = Set.of("TASK_KILLING", "TASK_FINISHED", "TASK_FAILED", "TASK_KILLED",
            "TASK_LOST", "TASK_ERROR", "TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_UNKNOWN");
    /** Marathon's instance conditions (core/condition/Condition.scala) of an instance that still serves or will. */
    private static final Set<String> LIVE_CONDITIONS = Set.of("Running", "Staging", "Starting", "Provisioned", "Scheduled");

    private record App(List<ServicePort> servicePorts, Map<String, String> labels, boolean checksHealth) {
    }

    private record Task(String appId, String host, List<Integer> ports, String state, Optional<Boolean> healthy) {
        Task withState(String newState, String newHost, List<Integer> newPorts) {
            return new Task(appId, newHost, newPorts, newState, healthy);
        }

        Task withHealthy(boolean alive) {
            return new Task(appId, host, ports, state, Optional.of(alive));
        }
    }

    private final Map<String, App> apps = new HashMap<>();
    private final Map<String, Task> tasks = new HashMap<>();
    private final Set<String> gone = new HashSet<>();

    /** Replaces everything with a snapshot of {@code GET /v2/apps?embed=apps.tasks}. */
    public void applySnapshot(JsonNode snapshot) {
        apps.clear();
        tasks.clear();
        Set<String> listed = new HashSet<>();
        for (JsonNode app : snapshot.path("apps")) {
            String appId = app.path("id").asText();
            apps.put(appId, new App(servicePorts(app), labels(app.path("labels")), app.path("healthChecks").size() > 0));
            for (JsonNode task : app.path("tasks")) {
                String taskId = task.path("id").asText();
                listed.add(taskId);
                if (task.path("killRequested").asBoolean(false) || GONE_STATES.contains(task.path("state").asText())) {
                    gone.add(taskId);
                }
                if (!gone.contains(taskId)) {
                    JsonNode results = task.path("healthCheckResults");
                    Optional<Boolean> healthy = results.size() > 0 ? Optional.of(results.get(0).path("alive").asBoolean()) : Optional.empty();
                    tasks.put(taskId, new Task(appId, task.path("host").asText(), ints(task.path("ports")), task.path("state").asText(), healthy));
                }
            }
        }
        // a gone task Pacer no longer lists has left for good: forget it
        gone.retainAll(listed);
    }

    /**
     * Moves the state on by one event; answers whether it changed the apps themselves (a definition added, changed
     * or removed), which only a new snapshot can tell in full.
     */
    public boolean apply(JsonNode event) {
        String type = event.path("eventType").asText();
        String taskId = event.path("taskId").asText(event.path("instanceId").asText());
        switch (type) {
            case "status_update_event" -> {
                String state = event.path("taskStatus").asText();
                if (GONE_STATES.contains(state)) {
                    leave(taskId);
                } else if (state.equals("TASK_UNREACHABLE")) {
                    tasks.remove(taskId); // it may come back: not gone
                } else if (!gone.contains(taskId)) {
                    String appId = event.path("appId").asText();
                    Task known = tasks.get(taskId);
                    tasks.put(taskId, known != null ? known.withState(state, event.path("host").asText(), ints(event.path("ports")))
                            : new Task(appId, event.path("host").asText(), ints(event.path("ports")), state, Optional.empty()));
                    return !apps.containsKey(appId);
                }
            }
            case "health_status_changed_event" -> setHealthy(taskId, event.path("alive").asBoolean());
            case "failed_health_check_event" -> setHealthy(taskId, false);
            case "instance_changed_event" -> {
                if (!LIVE_CONDITIONS.contains(event.path("condition").asText())) {
                    leave(taskId);
                }
            }
            case "unhealthy_task_kill_event" -> leave(taskId);
            case "api_post_event", "app_terminated_event", "deployment_info", "deployment_success", "deployment_failed",
                 "group_change_success" -> {
                return true;
            }
            default -> { }
        }
        return false;
    }

    /** Every app with its healthy, running endpoints. */
    public EndpointView view(Instant syncedAt, Optional<Instant> lostSince) {
        Map<String, List<Endpoint>> byApp = new HashMap<>();
        tasks.forEach((id, t) -> {
            App app = apps.get(t.appId());
            if (app != null && t.state().equals("TASK_RUNNING") && (!app.checksHealth() || t.healthy().orElse(false))) {
                byApp.computeIfAbsent(t.appId(), a -> new ArrayList<>()).add(new Endpoint(id, t.host(), t.ports()));
            }
        });
        TreeMap<String, AppEndpoints> view = new TreeMap<>();
        apps.forEach((id, app) -> {
            List<Endpoint> endpoints = new ArrayList<>(byApp.getOrDefault(id, List.of()));
            endpoints.sort(java.util.Comparator.comparing(Endpoint::taskId));
            view.put(id, new AppEndpoints(id, app.servicePorts(), app.labels(), endpoints));
        });
        return new EndpointView(view, syncedAt, lostSince);
    }

    private void leave(String taskId) {
        tasks.remove(taskId);
        gone.add(taskId);
    }

    private void setHealthy(String taskId, boolean alive) {
        Task t = tasks.get(taskId);
        if (t != null) {
            tasks.put(taskId, t.withHealthy(alive));
        }
    }

    private static List<ServicePort> servicePorts(JsonNode app) {
        List<ServicePort> ports = new ArrayList<>();
        for (JsonNode p : app.path("portDefinitions")) {
            String name = p.path("name").asText("");
            ports.add(new ServicePort(p.path("port").asInt(), name.isEmpty() ? Optional.empty() : Optional.of(name),
                    p.path("protocol").asText("tcp")));
        }
        return ports;
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> out = new HashMap<>();
        labels.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
