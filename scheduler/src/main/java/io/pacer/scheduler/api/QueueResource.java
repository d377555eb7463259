package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.launch.LaunchDelays;
import io.pacer.scheduler.launch.SchedulerControl;
import io.pacer.scheduler.task.TaskFailure;
import io.pacer.scheduler.task.TaskRecord;
import io.pacer.scheduler.time.Timestamps;
import io.pacer.scheduler.task.TaskRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v2/queue}: the apps waiting for launches, each with how many and its backoff delay (queue.raml,
 * examples/queue.json; since and processedOffersSummary as types/queue.raml requires them);
 * {@code DELETE /v2/queue/{id}/delay} lets the next launch go now (204, as Marathon).
 */
public final class QueueResource implements Route {
    public static final String PREFIX = "/v2/queue";

    private final AppRepository apps;
    private final TaskRepository tasks;
    private final SchedulerControl scheduler;
    private final Clock clock;
    private final DeploymentRepository deployments;

    public QueueResource(AppRepository apps, TaskRepository tasks, SchedulerControl scheduler, Clock clock,
                         DeploymentRepository deployments) {
        this.deployments = deployments;
        this.apps = apps;
        this.tasks = tasks;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        if (request.path().equals(PREFIX) && request.method().equals("GET")) {
            return queue();
        }
        String rest = request.path().substring(PREFIX.length());
        if (request.method().equals("DELETE") && rest.endsWith("/delay")) {
            AppId id = AppId.parse(rest.substring(0, rest.length() - "/delay".length()));
            if (apps.get(id).isEmpty()) {
                throw ApiException.of(404, "Application " + id + " not found in tasks queue.");
            }
            scheduler.resetDelay(id);
            return new ApiResponse(204, "application/json", new byte[0], Map.of());
        }
        return null;
    }

    private ApiResponse queue() {
        Instant now = clock.instant();
        var queue = JsonNodeFactory.instance.arrayNode();
        for (AppDefinition app : apps.all()) {
            if (deployments.of(app.id()).filter(d -> d.holds(app.id())).isPresent()) {
                continue; // its deployment step has not begun: nothing of it is launched yet, as Marathon queues nothing
            }
            long active = tasks.of(app.id()).stream().filter(TaskRecord::countsTowardApp).count();
            Optional<LaunchDelays.Delay> delay = scheduler.delay(app.id());
            if (active >= app.instances() && delay.isEmpty()) {
                continue;
            }
            ObjectNode entry = queue.addObject();
            entry.set("app", io.pacer.scheduler.app.AppJsonWriter.write(app));
            entry.put("count", Math.max(0, app.instances() - active)).put("role", "*");
            long left = delay.map(d -> Math.max(0, Duration.between(now, d.notBefore()).toSeconds())).orElse(0L);
            entry.putObject("delay").put("timeLeftSeconds", left).put("overdue", left == 0);
            delay.ifPresent(d -> entry.put("backoffFailures", d.failures()));
            entry.put("since", Timestamps.format(since(app)));
            // types/queue.raml requires the summary; Pacer does not count offers per app yet, so it is all zeros
            ObjectNode offers = entry.putObject("processedOffersSummary").put("processedOffersCount", 0).put("unusedOffersCount", 0);
            offers.putArray("rejectSummaryLastOffers");
            offers.putArray("rejectSummaryLaunchAttempt");
        }
        return ApiResponse.json(200, JsonNodeFactory.instance.objectNode().set("queue", queue));
    }

    /**
     * Since when Pacer has been launching for the app. Pacer keeps no launch-attempt start of its own: it is the
     * app's current version (a new configuration starts a new attempt), or the app's last unexpected task end when
     * that came later (the replacement is launched from then).
     */
    private Instant since(AppDefinition app) {
        return scheduler.lastFailure(app.id()).map(TaskFailure::at).filter(at -> at.isAfter(app.version())).orElse(app.version());
    }
}
