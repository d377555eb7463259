package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppJsonReader;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.app.VersionInfo;
import io.pacer.scheduler.deploy.Deployment;
import io.pacer.scheduler.deploy.DeploymentJson;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.events.EventBus;
import io.pacer.scheduler.events.MarathonEvents;
import io.pacer.scheduler.launch.DeploymentDiagnosis;
import io.pacer.scheduler.launch.SchedulerControl;
import io.pacer.scheduler.task.TaskRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * /v2/deployments as Marathon's deployments.raml: GET lists the running deployments (deploymentInfo.raml);
 * DELETE /v2/deployments/{id}?force=true cancels one where it is (202, no body); DELETE without force rolls it
 * back: a new deployment that restores the definition the app had before, instance count included (200,
 * {"deploymentId", "version"}), or removes an app the deployment created (docs/deployments.md).
 */
public final class DeploymentsResource implements Route {
    public static final String PREFIX = "/v2/deployments";

    private final DeploymentRepository deployments;
    private final SchedulerControl scheduler;
    private final AppRepository apps;
    private final TaskRepository tasks;
    private final AppDeployments starter;
    private final EventBus events;
    private final Clock clock;
    private final ReadinessView readiness;

    public DeploymentsResource(DeploymentRepository deployments, SchedulerControl scheduler, AppRepository apps,
                               TaskRepository tasks, EventBus events, Clock clock) {
        this.deployments = deployments;
        this.scheduler = scheduler;
        this.apps = apps;
        this.tasks = tasks;
        this.starter = new AppDeployments(deployments, tasks, events, clock);
        this.events = events;
        this.clock = clock;
        this.readiness = new ReadinessView(tasks);
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        String rest = request.path().substring(PREFIX.length()).replaceAll("/+$", "");
        if (rest.isEmpty()) {
            if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                throw ApiException.of(405, request.method() + " is not allowed on " + PREFIX);
            }
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            Instant now = clock.instant();
            deployments.all().forEach(d -> list.add(DeploymentJson.info(d, DeploymentDiagnosis.of(d, apps.get(d.appId()),
                    tasks.of(d.appId()), scheduler.delay(d.appId()), scheduler.lastFailure(d.appId()), now),
                    readiness.notReady(d.appId()))));
            return ApiResponse.json(200, list);
        }
        if (!rest.startsWith("/") || rest.indexOf('/', 1) >= 0) {
            return null;
        }
        if (!request.method().equals("DELETE")) {
            throw ApiException.of(405, request.method() + " is not allowed on " + request.path());
        }
        String id = rest.substring(1);
        Deployment d = deployments.get(id)
                .orElseThrow(() -> ApiException.of(404, "DeploymentPlan " + id + " does not exist"));
        if (!request.flag("force", false)) {
            return rollBack(d);
        }
        starter.cancel(d);
        scheduler.appsChanged();
        return ApiResponse.text(202, "");
    }

    /**
     * The deployment that undoes {@code d}, superseding it: the previous definition (a new version of it, so that
     * its tasks replace the current ones within the upgrade bounds) with its own instance count, or, when
     * {@code d} created the app, the app's removal.
     */
    private ApiResponse rollBack(Deployment d) {
        Optional<AppDefinition> current = apps.get(d.appId());
        Optional<AppDefinition> previous = d.previous().map(json -> {
            try {
                return AppJsonReader.readStored(ApiResponse.JSON.readTree(json));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("a stored deployment's previous app is unreadable", e);
            }
        }).map(before -> AppDeployments.versioned(current,
                before.withVersionInfo(VersionInfo.forNewConfig(clock.instant())), false));
        Deployment rollback = starter.start(d.appId(), current, previous, false);
        if (previous.isPresent()) {
            apps.put(previous.get());
        } else {
            apps.delete(d.appId());
            events.publish(MarathonEvents.appTerminated(d.appId(), clock.instant()));
        }
        scheduler.appsChanged();
        starter.announce(rollback);
        return AppDeployments.answer(200, rollback);
    }
}
