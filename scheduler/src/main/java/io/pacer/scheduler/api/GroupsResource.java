package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.app.VersionInfo;
import io.pacer.scheduler.app.Violations;
import io.pacer.scheduler.deploy.Deployment;
import io.pacer.scheduler.deploy.DeploymentJson;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.events.EventBus;
import io.pacer.scheduler.events.MarathonEvents;
import io.pacer.scheduler.group.DependencyGraph;
import io.pacer.scheduler.group.GroupChange;
import io.pacer.scheduler.group.GroupDefinition;
import io.pacer.scheduler.group.GroupEmbed;
import io.pacer.scheduler.group.GroupJsonReader;
import io.pacer.scheduler.group.GroupJsonWriter;
import io.pacer.scheduler.group.GroupRepository;
import io.pacer.scheduler.launch.SchedulerControl;
import io.pacer.scheduler.task.TaskRepository;
import io.pacer.scheduler.task.TaskUsage;
import io.pacer.scheduler.time.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /v2/groups}: Marathon's groups resource (docs/docs/rest-api/public/api/v2/groups.raml; behaviour from
 * api/v2/GroupsResource.scala and GroupManagerImpl.updateRoot): show a group (with {@code embed}), its versions,
 * create a tree of groups and apps, update it ({@code scaleBy}, {@code version}, {@code dryRun}, {@code force}),
 * delete it. Every change is one deployment with a step per dependency level (docs/groups.md); a bad request
 * changes nothing.
 */
public final class GroupsResource implements Route {
    public static final String PREFIX = "/v2/groups";
    private static final Pattern VERSIONS = Pattern.compile("(.*)/versions");
    private static final Pattern ONE_VERSION = Pattern.compile("(.*)/versions/([^/]+)");

    private final GroupRepository groups;
    private final AppRepository apps;
    private final SchedulerControl scheduler;
    private final TaskViews views;
    private final AppDeployments deployments;
    private final EventBus events;
    private final Clock clock;
    private final TreeCheck check;

    public GroupsResource(GroupRepository groups, AppRepository apps, TaskRepository tasks, SchedulerControl scheduler,
                          TaskUsage usage, EventBus events, Clock clock, DeploymentRepository deployments) {
        this.groups = groups;
        this.apps = apps;
        this.scheduler = scheduler;
        this.views = new TaskViews(tasks, scheduler, usage, app -> deployments.of(app).map(Deployment::id));
        this.deployments = new AppDeployments(deployments, tasks, events, clock);
        this.events = events;
        this.clock = clock;
        this.check = new TreeCheck(events, clock);
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        String rest = request.path().substring(PREFIX.length()).replaceAll("/+$", "");
        Matcher m;
        if (request.method().equals("GET")) {
            if ((m = ONE_VERSION.matcher(rest)).matches()) {
                existing(idFrom(m.group(1)));
                return show(storedVersion(idFrom(m.group(1)), m.group(2)), request);
            }
            if ((m = VERSIONS.matcher(rest)).matches()) {
                AppId id = existing(idFrom(m.group(1))).id();
                var list = JsonNodeFactory.instance.arrayNode();
                groups.versions(id).forEach(v -> list.add(Timestamps.format(v)));
                return ApiResponse.json(200, list);
            }
            return show(existing(idFrom(rest)), request);
        }
        AppId id = idFrom(rest);
        return switch (request.method()) {
            case "POST" -> create(request, id);
            case "PUT" -> update(request, id);
            case "DELETE" -> delete(request, id);
            default -> throw ApiException.of(405, request.method() + " is not allowed on " + request.path());
        };
    }

    private ApiResponse show(GroupDefinition group, ApiRequest request) {
        GroupEmbed embed = GroupEmbed.parse(request.query().getOrDefault("embed", List.of()));
        return ApiResponse.json(200, GroupJsonWriter.write(group, embed, app -> views.app(app, embed.app())));
    }

    /** POST /v2/groups[/{id}]: a new group, its id in the body relative to the URL's (GroupsResource.createWithPath). */
    private ApiResponse create(ApiRequest request, AppId base) {
        Instant version = clock.instant();
        GroupChange change = read(request.jsonBody(), base, version);
        GroupDefinition root = groups.root();
        AppId id = change.groupId();
        if (root.group(id).isPresent()) {
            throw ApiException.of(409, "Group " + id + " is already created. Use PUT to change this group.");
        }
        if (root.app(id).isPresent()) {
            throw ApiException.of(409, "An app with the path " + id + " already exists.");
        }
        if (!(change instanceof GroupChange.Structure structure)) {
            throw notFound(id);
        }
        return deploy(request, root, root.putGroup(structure.group(), version), id, version, false, 201)
                .withHeader("Location", PREFIX + id);
    }

    /**
     * PUT /v2/groups/{id}: a change of the group, made when missing: what the body leaves out the group keeps
     * (GroupUpdate's fields are each optional), {@code scaleBy} scales it, {@code version} restores a stored version.
     */
    private ApiResponse update(ApiRequest request, AppId base) {
        Instant version = clock.instant();
        GroupDefinition root = groups.root();
        GroupChange change = read(GroupUpdateOverlay.onto(root, request.jsonBody(), base), base, version);
        AppId id = change.groupId();
        GroupDefinition target;
        if (change instanceof GroupChange.Scale scale) {
            target = root.scaleBy(existing(root, scale.groupId()).id(), scale.factor(), version);
        } else if (change instanceof GroupChange.Revert revert) {
            target = root.putGroup(storedVersion(revert.groupId(), Timestamps.format(revert.version())), version);
        } else {
            target = root.putGroup(((GroupChange.Structure) change).group(), version);
        }
        return deploy(request, root, target, id, version, false, 200);
    }

    /** DELETE /v2/groups/{id}: the group and every app in it, dependents stopped first. */
    private ApiResponse delete(ApiRequest request, AppId id) {
        Instant version = clock.instant();
        GroupDefinition root = groups.root();
        existing(root, id);
        return deploy(request, root, root.removeGroup(id, version), id, version, true, 200);
    }

    /**
     * Carries out a change of the tree from {@code root} to {@code target} as GroupManagerImpl.updateRoot does:
     * validated (422: cycles, unknown dependencies), unlocked (409 unless forced), planned, the plan stored before
     * the apps and groups, then the scheduler told. A dry run answers the plan's steps and changes nothing.
     */
    private ApiResponse deploy(ApiRequest request, GroupDefinition root, GroupDefinition target, AppId groupId,
                               Instant version, boolean removed, int status) {
        DependencyGraph targetGraph = check.valid(target, groupId, version);
        // with force, what a cancelled deployment had not done yet is carried on, in order
        List<AppDeployments.Change> changes = deployments.carryingOn(
                GroupChanges.changes(appsById(root), restamped(appsById(target), version)), target::app, version);
        checkStorable(changes);
        var steps = GroupChanges.ordered(changes, DependencyGraph.lenient(root)::levels, targetGraph::levels);
        Set<AppId> created = new HashSet<>();
        target.transitiveGroups().map(GroupDefinition::id).filter(id -> root.group(id).isEmpty()).forEach(created::add);
        Deployment plan = deployments.plan(steps, version).withCreatedGroups(created);
        if (request.flag("dryRun", false)) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.set("steps", DeploymentJson.steps(plan));
            return ApiResponse.json(200, body);
        }
        try {
            deployments.checkUnlocked(plan.affectedApps(), request.flag("force", false));
        } catch (ApiException e) {
            check.refused(groupId, version, e.getMessage());
            throw e;
        }
        if (!plan.changes().isEmpty()) {
            deployments.start(plan);
        }
        if (!removed) {
            // the group's new version before its apps: nothing of the change can start before it is kept
            groups.put(asStored(target.group(groupId).orElseThrow(), root, steps, version));
        }
        for (var step : steps) {
            for (AppDeployments.Change c : step) {
                if (c.target().isPresent()) {
                    apps.put(c.target().get());
                } else if (apps.delete(c.id()).isPresent()) {
                    events.publish(MarathonEvents.appTerminated(c.id(), clock.instant()));
                }
            }
        }
        if (removed) {
            groups.remove(groupId);
        }
        scheduler.appsChanged();
        if (!plan.changes().isEmpty()) {
            deployments.announce(plan);
        }
        events.publish(MarathonEvents.groupChangeSuccess(groupId, version, clock.instant()));
        return AppDeployments.answer(status, plan);
    }

    /**
     * Every app the change stores fits in the state store (422 otherwise, each app by its id, the message naming its
     * largest field; docs/ha.md, limits).
     */
    private void checkStorable(List<AppDeployments.Change> changes) {
        Violations violations = new Violations();
        changes.forEach(c -> c.target().flatMap(apps::oversized).ifPresent(oversized -> violations.add(oversized.id().path(),
                oversized.message())));
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
    }

    /** The group with each app as it is about to be stored: changed as {@code steps} say, or as it is in {@code root}. */
    private static GroupDefinition asStored(GroupDefinition group, GroupDefinition root, List<List<AppDeployments.Change>> steps,
                                            Instant version) {
        Map<AppId, AppDefinition> changed = new HashMap<>();
        steps.forEach(step -> step.forEach(c -> c.target().ifPresent(t -> changed.put(c.id(), t))));
        GroupDefinition stored = group;
        for (AppDefinition app : group.transitiveApps()) {
            stored = stored.putApp(changed.containsKey(app.id()) ? changed.get(app.id()) : root.app(app.id()).orElseThrow(), version);
        }
        return stored;
    }

    /** Every app as a change of {@code version}; an app whose definition did not change keeps its own (GroupChanges). */
    private static Map<AppId, AppDefinition> restamped(Map<AppId, AppDefinition> apps, Instant version) {
        Map<AppId, AppDefinition> restamped = new HashMap<>();
        apps.forEach((id, app) -> restamped.put(id, app.withVersionInfo(VersionInfo.forNewConfig(version))));
        return restamped;
    }

    private static Map<AppId, AppDefinition> appsById(GroupDefinition root) {
        Map<AppId, AppDefinition> byId = new HashMap<>();
        root.transitiveApps().forEach(app -> byId.put(app.id(), app));
        return byId;
    }

    private static GroupChange read(JsonNode json, AppId base, Instant version) {
        try {
            return GroupJsonReader.read(json, base, version);
        } catch (Violations.InvalidException e) {
            throw ApiException.invalid(e.violations());
        }
    }

    /** The group at a version GET /v2/groups/{id}/versions lists. */
    private GroupDefinition storedVersion(AppId id, String versionText) {
        Instant version;
        try {
            version = Instant.parse(versionText);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.of(400, "Invalid version '" + versionText + "': a version is a timestamp such as "
                    + "2026-12-03T10:00:00.000Z, as GET " + PREFIX + id + "/versions lists them");
        }
        return groups.version(id, version).orElseThrow(() -> ApiException.of(404,
                "Group '" + id + "' does not exist in version " + Timestamps.format(version)));
    }

    private GroupDefinition existing(AppId id) {
        return existing(groups.root(), id);
    }

    private static GroupDefinition existing(GroupDefinition root, AppId id) {
        return root.group(id).orElseThrow(() -> notFound(id));
    }

    /** Marathon's UnknownGroupException. */
    private static ApiException notFound(AppId id) {
        return ApiException.of(404, "Group '" + id + "' does not exist");
    }

    private static AppId idFrom(String rest) {
        return AppId.parse(rest);
    }
}
