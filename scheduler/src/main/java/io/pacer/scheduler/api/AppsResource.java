package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppJsonReader;
import io.pacer.scheduler.app.AppJsonWriter;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.app.PathId;
import io.pacer.scheduler.app.VersionInfo;
import io.pacer.scheduler.app.Violations;
import io.pacer.scheduler.deploy.Deployment;
import io.pacer.scheduler.deploy.DeploymentRepository;
import io.pacer.scheduler.events.EventBus;
import io.pacer.scheduler.events.MarathonEvents;
import io.pacer.scheduler.group.DependencyGraph;
import io.pacer.scheduler.group.GroupDefinition;
import io.pacer.scheduler.group.GroupRepository;
import io.pacer.scheduler.launch.SchedulerControl;
import io.pacer.scheduler.task.TaskRepository;
import io.pacer.scheduler.task.TaskUsage;
import io.pacer.scheduler.time.Timestamps;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code /v2/apps}: Marathon's apps resource (docs/docs/rest-api/public/api/v2/apps.raml; behaviour from
 * api/v2/AppsResource.scala and AppTasksResource.scala): create, list, show, replace (a partial update unless
 * {@code partialUpdate=false}), patch (always partial, never creates), delete, restart, and an app's tasks (list,
 * kill one or all, with {@code scale=true} shrinking the app). A bad request changes nothing.
 */
public final class AppsResource implements Route {
    public static final String PREFIX = "/v2/apps";
    private static final Pattern ONE_TASK = Pattern.compile("(.+)/tasks/([^/]+)");
    private static final Pattern TASKS = Pattern.compile("(.+)/tasks");
    private static final Pattern RESTART = Pattern.compile("(.+)/restart");
    private static final Pattern VERSIONS = Pattern.compile("(.+)/versions");
    private static final Pattern ONE_VERSION = Pattern.compile("(.+)/versions/([^/]+)");

    private final AppRepository apps;
    private final TaskRepository tasks;
    private final SchedulerControl scheduler;
    private final TaskViews views;
    private final TaskKills kills;
    private final AppJsonCache appJson = new AppJsonCache();
    private volatile UnfilteredList unfiltered;
    private final EventBus events;
    private final Clock clock;
    private final DeploymentRepository deploymentRepository;
    private final AppDeployments deployments;
    private final GroupRepository groups;
    private final TreeCheck tree;

    public AppsResource(AppRepository apps, GroupRepository groups, TaskRepository tasks, SchedulerControl scheduler,
                        TaskUsage usage, EventBus events, Clock clock, DeploymentRepository deployments) {
        this.groups = groups;
        this.tree = new TreeCheck(events, clock);
        this.deploymentRepository = deployments;
        this.deployments = new AppDeployments(deployments, tasks, events, clock);
        this.apps = apps;
        this.tasks = tasks;
        this.scheduler = scheduler;
        this.views = new TaskViews(tasks, scheduler, usage, app -> deployments.of(app).map(Deployment::id));
        this.kills = new TaskKills(scheduler, views, clock);
        this.events = events;
        this.clock = clock;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        // trailing and repeated slashes are no part of an id (PathId); /v2/apps//x/y/ is /v2/apps/x/y
        String rest = request.path().substring(PREFIX.length()).replaceAll("/+$", "");
        if (PathId.parse(rest).isEmpty()) {
            return switch (request.method()) {
                case "GET" -> list(request);
                case "POST" -> create(request);
                default -> throw notAllowed(request);
            };
        }
        Matcher m;
        if ((m = ONE_TASK.matcher(rest)).matches() && request.method().equals("DELETE")) {
            AppDefinition app = existing(idFrom(m.group(1)));
            String taskId = m.group(2);
            return kills.killOne(app, taskId, tasks.of(app.id()).stream().filter(t -> t.taskId().equals(taskId)).findFirst(),
                    KillRequest.of(request));
        }
        if ((m = TASKS.matcher(rest)).matches()) {
            AppDefinition app = existing(idFrom(m.group(1)));
            return switch (request.method()) {
                case "GET" -> ApiResponse.json(200, object().set("tasks", views.tasks(app, JsonNodeFactory.instance.arrayNode())));
                case "DELETE" -> kills.kill(Map.of(app, TaskKills.onHost(tasks.of(app.id()), request.queryParam("host"))),
                        KillRequest.of(request));
                default -> throw notAllowed(request);
            };
        }
        if ((m = RESTART.matcher(rest)).matches() && request.method().equals("POST")) {
            return restart(request, existing(idFrom(m.group(1))));
        }
        if ((m = VERSIONS.matcher(rest)).matches() && request.method().equals("GET")) {
            AppDefinition app = existing(idFrom(m.group(1)));
            ObjectNode body = object();
            apps.versions(app.id()).forEach(v -> body.withArray("versions").add(Timestamps.format(v)));
            return ApiResponse.json(200, body);
        }
        if ((m = ONE_VERSION.matcher(rest)).matches() && request.method().equals("GET")) {
            AppDefinition app = existing(idFrom(m.group(1)));
            return ApiResponse.json(200, AppJsonWriter.write(storedVersion(app, m.group(2))));
        }
        AppId id = idFrom(rest);
        return switch (request.method()) {
            case "GET" -> ApiResponse.json(200, object().set("app", views.app(existing(id), Set.of("tasks", "lastTaskFailure", "readiness"))));
            case "PUT" -> update(request, id, request.flag("partialUpdate", true), true);
            case "PATCH" -> update(request, id, true, false);
            case "DELETE" -> delete(request, id);
            default -> throw notAllowed(request);
        };
    }

    private ApiResponse list(ApiRequest request) {
        // AppsResource.search: each given filter must hold, by case-insensitive containment (label by its selector)
        Predicate<AppDefinition> byId = request.queryParam("id")
                .map(part -> (Predicate<AppDefinition>) a -> containsIgnoringCase(a.id().path(), part)).orElse(a -> true);
        Predicate<AppDefinition> byCmd = request.queryParam("cmd")
                .map(part -> (Predicate<AppDefinition>) a -> a.cmd().map(c -> containsIgnoringCase(c, part)).orElse(false))
                .orElse(a -> true);
        Predicate<AppDefinition> byLabel = request.queryParam("label").map(LabelSelector::parse)
                .map(s -> (Predicate<AppDefinition>) a -> s.matches(a.labels())).orElse(a -> true);
        // ?embed=apps.tasks,apps.lastTaskFailure (also repeated); counts are always there
        Set<String> embed = request.query().getOrDefault("embed", List.of()).stream()
                .flatMap(e -> Arrays.stream(e.split(","))).map(String::strip)
                .map(e -> e.startsWith("apps.") ? e.substring(5) : e).collect(Collectors.toSet());
        boolean filtered = Stream.of("id", "cmd", "label").anyMatch(f -> request.queryParam(f).isPresent());
        if (embed.isEmpty() && !filtered) {
            UnfilteredList kept = unfilteredList();
            // the list is large (~700 KB for 1,000 apps) and kept: compressed once, it costs HTTPS little to send
            return GzipEncoding.accepted(request)
                    ? new ApiResponse(200, "application/json", kept.gzip(), GzipEncoding.HEADERS)
                    : new ApiResponse(200, "application/json", kept.json(), Map.of("Vary", "Accept-Encoding"));
        }
        List<AppDefinition> all = apps.all();
        List<AppDefinition> listed = all.stream().filter(byId.and(byCmd).and(byLabel)).toList();
        if (embed.isEmpty()) {
            return new ApiResponse(200, "application/json", appsWithCounts(all, listed), Map.of());
        }
        ObjectNode body = object();
        var list = body.putArray("apps");
        listed.forEach(a -> list.add(views.app(a, embed)));
        return ApiResponse.json(200, body);
    }

    /**
     * Every app with its counts, rebuilt only after an app or a task changed: clients and dashboards mostly poll an
     * unchanged list. The change counts are read before the list is built, so a list is never kept as newer than it is.
     */
    private UnfilteredList unfilteredList() {
        long appChanges = apps.changes();
        long taskChanges = tasks.changes();
        long deploymentChanges = deploymentRepository.changes();
        UnfilteredList kept = unfiltered;
        if (kept != null && kept.appChanges() == appChanges && kept.taskChanges() == taskChanges
                && kept.deploymentChanges() == deploymentChanges) {
            return kept;
        }
        List<AppDefinition> all = apps.all();
        UnfilteredList list = new UnfilteredList(appChanges, taskChanges, deploymentChanges, appsWithCounts(all, all));
        unfiltered = list;
        return list;
    }

    /** The kept list, and its gzip encoding once a client asked for it. */
    private record UnfilteredList(long appChanges, long taskChanges, long deploymentChanges, byte[] json,
                                  java.util.concurrent.atomic.AtomicReference<byte[]> gzipped) {
        UnfilteredList(long appChanges, long taskChanges, long deploymentChanges, byte[] json) {
            this(appChanges, taskChanges, deploymentChanges, json, new java.util.concurrent.atomic.AtomicReference<>());
        }

        byte[] gzip() {
            // two first askers may both compress: the same bytes, and cheaper than a lock on every read
            return gzipped.updateAndGet(g -> g != null ? g : GzipEncoding.encode(json));
        }
    }

    /**
     * {"apps":[...]} of {@code listed} from each definition's cached JSON and its counts: the same text {@link TaskViews#app}
     * gives. Cached JSON of apps no longer among {@code all} is dropped.
     */
    private byte[] appsWithCounts(List<AppDefinition> all, List<AppDefinition> listed) {
        appJson.retainOnly(all.stream().map(AppDefinition::id).collect(Collectors.toSet()));
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + listed.size() * 768);
        out.writeBytes(utf8("{\"apps\":["));
        for (int i = 0; i < listed.size(); i++) {
            AppDefinition app = listed.get(i);
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(appJson.open(app));
            out.writeBytes(utf8(views.counts(app).asJsonFields() + "}"));
        }
        out.writeBytes(utf8("]}"));
        return out.toByteArray();
    }

    private static boolean containsIgnoringCase(String text, String part) {
        return text.toLowerCase(java.util.Locale.ROOT).contains(part.toLowerCase(java.util.Locale.ROOT));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private ApiResponse create(ApiRequest request) {
        AppDefinition candidate = read(request.jsonBody(), Optional.empty());
        Supplier<ApiException> exists = () -> ApiException.of(409, "An app with id [" + candidate.id() + "] already exists.");
        if (apps.get(candidate.id()).isPresent()) {
            throw exists.get();
        }
        checkStorable(candidate);
        checkTree(candidate);
        Deployment started = deployments.start(candidate.id(), Optional.empty(), Optional.of(candidate), false);
        Optional<AppDefinition> created = apps.create(candidate);
        if (created.isEmpty()) {
            deploymentRepository.remove(started); // another request created it meanwhile: this change never happened
            throw exists.get();
        }
        AppDefinition app = created.get();
        scheduler.appsChanged();
        events.publish(MarathonEvents.apiPost(request.remoteAddress(), request.path(), app, clock.instant()));
        announce(started, app.id());
        String deployment = started.id();
        ObjectNode body = views.app(app, Set.of());
        body.putArray("deployments").addObject().put("id", deployment);
        return ApiResponse.json(201, body, Map.of("Location", PREFIX + app.id(), Deployments.HEADER, deployment));
    }

    private ApiResponse update(ApiRequest request, AppId id, boolean partial, boolean mayCreate) {
        JsonNode changes = request.jsonBody();
        Optional<AppDefinition> current = apps.get(id);
        if (current.isEmpty() && !mayCreate) {
            throw notFound(id);
        }
        AppDefinition target;
        if (partial && current.isPresent() && changes.hasNonNull("version")) {
            target = rollbackTarget(current.get(), changes.get("version"));
        } else {
            JsonNode merged = partial && current.isPresent() ? overlay(AppJsonWriter.write(current.get()), changes) : changes;
            target = read(merged, Optional.of(id));
        }
        target = AppDeployments.versioned(current, target, false);
        checkStorable(target);
        checkTree(target);
        deployments.checkUnlocked(id, request.flag("force", false));
        Deployment started = start(new AppDeployments.Change(id, current, Optional.of(target), false));
        AppDefinition app = apps.put(target);
        scheduler.appsChanged();
        events.publish(MarathonEvents.apiPost(request.remoteAddress(), request.path(), app, clock.instant()));
        announce(started, id);
        return current.isPresent() ? AppDeployments.answer(200, started) : AppDeployments.answer(201, started)
                .withHeader("Location", PREFIX + app.id());
    }

    private ApiResponse delete(ApiRequest request, AppId id) {
        AppDefinition current = existing(id);
        deployments.checkUnlocked(id, request.flag("force", false));
        Deployment started = start(new AppDeployments.Change(id, Optional.of(current), Optional.empty(), false));
        apps.delete(id).orElseThrow(() -> notFound(id));
        scheduler.appsChanged();
        events.publish(MarathonEvents.appTerminated(id, clock.instant()));
        announce(started, id);
        return AppDeployments.answer(200, started);
    }

    /** Replaces every task; the app gets a new version, as Marathon's restart does. */
    private ApiResponse restart(ApiRequest request, AppDefinition app) {
        AppDefinition target = AppDeployments.asNewVersion(Optional.of(app), app, Instant.now(clock), true);
        deployments.checkUnlocked(app.id(), request.flag("force", false));
        Deployment started = start(new AppDeployments.Change(app.id(), Optional.of(app), Optional.of(target), true));
        apps.put(target);
        scheduler.restart(app.id());
        announce(started, app.id());
        return AppDeployments.answer(200, started);
    }

    /**
     * The deployment of one app's change; a forced one that supersedes a deployment of several apps carries on what
     * that one had not done yet, in dependency order, so that cancelling it never starts its apps out of order.
     */
    private Deployment start(AppDeployments.Change change) {
        Instant version = change.target().map(AppDefinition::version).orElse(clock.instant());
        List<AppDeployments.Change> changes = deployments.carryingOn(List.of(change), apps::get, version);
        if (changes.size() == 1) {
            return deployments.start(change.id(), change.current(), change.target(), change.restart());
        }
        GroupDefinition tree = groups.root();
        DependencyGraph graph = DependencyGraph.lenient(change.target().map(t -> tree.putApp(t, version)).orElse(tree));
        return deployments.start(deployments.plan(GroupChanges.ordered(changes, graph::levels, graph::levels), version));
    }

    /** The app fits in the state store (422 naming its largest field otherwise; docs/ha.md, limits). */
    private void checkStorable(AppDefinition app) {
        apps.oversized(app).ifPresent(oversized -> {
            Violations violations = new Violations();
            violations.add("/" + oversized.largestField(), oversized.message());
            throw ApiException.invalid(violations);
        });
    }

    /** The tree with {@code app} in it is valid: no clash of ids, its dependencies exist, no cycle (422 otherwise). */
    private void checkTree(AppDefinition app) {
        tree.valid(groups.root().putApp(app, app.version()), app.id(), app.version());
    }

    /** deployment_info, then group_change_success for the app's group, as Marathon's updateApp changes the root through it. */
    private void announce(Deployment started, AppId app) {
        deployments.announce(started);
        events.publish(MarathonEvents.groupChangeSuccess(app.parent(), started.version(), clock.instant()));
    }

    /**
     * A partial update naming a {@code version} is a rollback to it (Marathon's AppHelpers.updateOrCreate): the stored
     * definition, instance count included, as a new version; the request's other fields are ignored, as Marathon does.
     */
    private AppDefinition rollbackTarget(AppDefinition current, JsonNode versionField) {
        return storedVersion(current, versionField.asText()).withVersionInfo(VersionInfo.forNewConfig(Instant.now(clock)));
    }

    /** The app as it was at a version GET /v2/apps/{id}/versions lists (AppVersionsResource.scala, AppNotFoundException). */
    private AppDefinition storedVersion(AppDefinition current, String versionText) {
        Instant version;
        try {
            version = Instant.parse(versionText);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.of(400, "Invalid version '" + versionText + "': a version is a timestamp such as "
                    + "2026-12-03T10:00:00.000Z, as GET " + PREFIX + current.id() + "/versions lists them");
        }
        return apps.version(current.id(), version).orElseThrow(() -> ApiException.of(404,
                "App '" + current.id() + "' does not exist in version " + Timestamps.format(version)));
    }

    private AppDefinition existing(AppId id) {
        return apps.get(id).orElseThrow(() -> notFound(id));
    }

    private AppDefinition read(JsonNode json, Optional<AppId> id) {
        AppDefinition app;
        try {
            app = AppJsonReader.read(json, id, Instant.now(clock));
        } catch (Violations.InvalidException e) {
            throw ApiException.invalid(e.violations());
        }
        return app;
    }

    /** A partial update: the request's top-level fields replace the app's, the rest stay. */
    private static JsonNode overlay(ObjectNode current, JsonNode changes) {
        if (!changes.isObject()) {
            return changes;
        }
        ObjectNode merged = current.deepCopy();
        changes.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
        return merged;
    }

    /**
     * The id a URL names, read as Marathon reads {@code /v2/apps/{id}} ({@code id.toAbsolutePath}): canonical, never
     * refused here; an id no app has is a 404 where it is looked up, and an invalid one a 422 where it is written.
     */
    private static AppId idFrom(String rest) {
        return AppId.parse(rest);
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static ApiException notAllowed(ApiRequest request) {
        return ApiException.of(405, request.method() + " is not allowed on " + request.path());
    }

    private static ApiException notFound(AppId id) {
        return ApiException.of(404, "App '" + id + "' does not exist");
    }
}
