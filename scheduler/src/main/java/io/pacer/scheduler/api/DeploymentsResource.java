package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.deploy.AppChange;
import io.pacer.scheduler.deploy.Deployment;
import io.pacer.scheduler.deploy.DeploymentJson;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.events.EventBus;
import io.pacer.scheduler.events.MarathonEvents;
import io.pacer.scheduler.group.GroupRepository;
import io.pacer.scheduler.launch.DeploymentDiagnosis;
import io.pacer.scheduler.launch.SchedulerControl;
import io.pacer.scheduler.task.TaskRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * /v2/deployments as Marathon's deployments.raml: GET lists the running deployments (deploymentInfo.raml);
 * DELETE /v2/deployments/{id}?force=true cancels one where it is (202, no body); DELETE without force rolls it
 * back: a new deployment that restores the definitions its apps had before, instance counts included (200,
 * {"deploymentId", "version"}), and removes the apps it created (docs/deployments.md).
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
    private final GroupRepository groups;

    public DeploymentsResource(DeploymentRepository deployments, SchedulerControl scheduler, AppRepository apps,
                               GroupRepository groups, TaskRepository tasks, EventBus events, Clock clock) {
        this.groups = groups;
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
            deployments.all().forEach(d -> list.add(DeploymentJson.info(d,
                    app -> DeploymentDiagnosis.of(d.changeOf(app).orElseThrow(), apps.get(app), tasks.of(app),
                            scheduler.delay(app), scheduler.lastFailure(app), now),
                    readiness::notReady)));
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
     * The deployment that undoes {@code d}, superseding it, its steps in reverse order: each app's previous
     * definition (a new version of it, so that its tasks replace the current ones within the upgrade bounds) with
     * its own instance count, or, for an app {@code d} created, its removal.
     */
    private ApiResponse rollBack(Deployment d) {
        Instant version = clock.instant();
        List<List<AppDeployments.Change>> steps = new ArrayList<>();
        for (int step = d.totalSteps(); step >= 1; step--) {
            steps.add(d.step(step).stream().map(c -> undo(c, version)).toList());
        }
        Deployment rollback = starter.start(starter.plan(steps, version));
        for (List<AppDeployments.Change> step : steps) {
            for (AppDeployments.Change c : step) {
                if (c.target().isPresent()) {
                    apps.put(c.target().get());
                } else if (apps.delete(c.id()).isPresent()) {
                    events.publish(MarathonEvents.appTerminated(c.id(), clock.instant()));
                }
            }
        }
        // the groups it made go too, once empty, deepest first: as Marathon's rollback restores the root as it was
        d.createdGroups().stream().sorted(Comparator.comparing((AppId g) -> g.path()).reversed())
                .filter(g -> groups.root().group(g).map(tree -> tree.transitiveApps().isEmpty() && tree.groups().isEmpty()).orElse(false))
                .forEach(groups::remove);
        scheduler.appsChanged();
        starter.announce(rollback);
        return AppDeployments.answer(200, rollback);
    }

    private AppDeployments.Change undo(AppChange c, Instant version) {
        Optional<AppDefinition> current = apps.get(c.appId());
        Optional<AppDefinition> previous = c.previous()
                .map(before -> AppDeployments.asNewVersion(current, before, version, false));
        return new AppDeployments.Change(c.appId(), current, previous, false);
    }
}
