package io.pacer.scheduler.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppJsonReader;
import io.pacer.scheduler.app.AppJsonWriter;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.app.Violations;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * {@code /v2/apps}: Marathon's apps resource (docs/docs/rest-api/public/api/v2/apps.raml; behaviour from
 * api/v2/AppsResource.scala): create, list, show, replace (a partial update unless {@code partialUpdate=false}),
 * patch (always partial, never creates) and delete. A bad request changes nothing.
 */
public final class AppsResource implements Route {
    public static final String PREFIX = "/v2/apps";
    private static final String DEPLOYMENT_HEADER = "Marathon-Deployment-Id";

    private final AppRepository apps;
    private final Clock clock;
    private final Runnable appsChanged;

    /** @param appsChanged told after every change, so that the scheduler acts on it at once */
    public AppsResource(AppRepository apps, Clock clock, Runnable appsChanged) {
        this.apps = apps;
        this.clock = clock;
        this.appsChanged = appsChanged;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        String rest = request.path().substring(PREFIX.length());
        if (rest.isEmpty() || rest.equals("/")) {
            return switch (request.method()) {
                case "GET" -> list(request);
                case "POST" -> create(request);
                default -> throw ApiException.of(405, request.method() + " is not allowed on " + PREFIX);
            };
        }
        AppId id = idFrom(rest);
        return switch (request.method()) {
            case "GET" -> ApiResponse.json(200, JsonNodeFactory.instance.objectNode().set("app", AppJsonWriter.write(existing(id))));
            case "PUT" -> update(request, id, request.flag("partialUpdate", true), true);
            case "PATCH" -> update(request, id, true, false);
            case "DELETE" -> delete(id);
            default -> throw ApiException.of(405, request.method() + " is not allowed on " + request.path());
        };
    }

    private ApiResponse list(ApiRequest request) {
        Predicate<AppDefinition> byId = request.queryParam("id").map(part -> (Predicate<AppDefinition>) a -> a.id().path().contains(part))
                .orElse(a -> true);
        Predicate<AppDefinition> byLabel = request.queryParam("label").map(LabelSelector::parse)
                .map(s -> (Predicate<AppDefinition>) a -> s.matches(a.labels())).orElse(a -> true);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        var list = body.putArray("apps");
        apps.all().stream().filter(byId.and(byLabel)).forEach(a -> list.add(AppJsonWriter.write(a)));
        return ApiResponse.json(200, body);
    }

    private ApiResponse create(ApiRequest request) {
        AppDefinition app = read(parse(request), Optional.empty());
        if (!apps.create(app)) {
            throw ApiException.of(409, "An app with id [" + app.id() + "] already exists.");
        }
        appsChanged.run();
        String deployment = UUID.randomUUID().toString();
        ObjectNode body = AppJsonWriter.write(app);
        body.put("tasksStaged", 0).put("tasksRunning", 0).put("tasksHealthy", 0).put("tasksUnhealthy", 0);
        body.putArray("deployments").addObject().put("id", deployment);
        return ApiResponse.json(201, body, Map.of("Location", PREFIX + app.id(), DEPLOYMENT_HEADER, deployment));
    }

    private ApiResponse update(ApiRequest request, AppId id, boolean partial, boolean mayCreate) {
        JsonNode changes = parse(request);
        Optional<AppDefinition> current = apps.get(id);
        if (current.isEmpty() && !mayCreate) {
            throw notFound(id);
        }
        JsonNode merged = partial && current.isPresent() ? overlay(AppJsonWriter.write(current.get()), changes) : changes;
        AppDefinition app = read(merged, Optional.of(id));
        apps.put(app);
        appsChanged.run();
        String deployment = UUID.randomUUID().toString();
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("version", app.version().toString()).put("deploymentId", deployment);
        return current.isPresent()
                ? ApiResponse.json(200, body, Map.of(DEPLOYMENT_HEADER, deployment))
                : ApiResponse.json(201, body, Map.of("Location", PREFIX + app.id(), DEPLOYMENT_HEADER, deployment));
    }

    private ApiResponse delete(AppId id) {
        apps.delete(id).orElseThrow(() -> notFound(id));
        appsChanged.run();
        String deployment = UUID.randomUUID().toString();
        return ApiResponse.json(200, JsonNodeFactory.instance.objectNode()
                .put("version", Instant.now(clock).toString()).put("deploymentId", deployment),
                Map.of(DEPLOYMENT_HEADER, deployment));
    }

    private AppDefinition existing(AppId id) {
        return apps.get(id).orElseThrow(() -> notFound(id));
    }

    private AppDefinition read(JsonNode json, Optional<AppId> id) {
        try {
            return AppJsonReader.read(json, id, Instant.now(clock));
        } catch (Violations.InvalidException e) {
            throw ApiException.invalid(e.violations());
        }
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

    private static JsonNode parse(ApiRequest request) {
        if (request.body().length == 0) {
            throw ApiException.invalidJson("No content to map due to end-of-input: the request has no body");
        }
        try {
            return ApiResponse.JSON.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw ApiException.invalidJson(e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (java.io.IOException e) {
            throw ApiException.invalidJson(e.getMessage());
        }
    }

    private static AppId idFrom(String rest) {
        String problem = AppId.problemWith(rest);
        if (problem != null) {
            throw ApiException.of(404, "App '" + rest + "' does not exist");
        }
        return AppId.parse(rest);
    }

    private static ApiException notFound(AppId id) {
        return ApiException.of(404, "App '" + id + "' does not exist");
    }
}
