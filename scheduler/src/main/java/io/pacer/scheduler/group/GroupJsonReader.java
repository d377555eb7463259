package io.pacer.scheduler.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppJsonReader;
import io.pacer.scheduler.app.JsonObjectReader;
import io.pacer.scheduler.app.PathId;
import io.pacer.scheduler.app.Violations;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns Marathon's GroupUpdate JSON (types/group.raml) into a {@link GroupChange}. Ids are resolved as Marathon's
 * GroupsResource and GroupConversion do: the body's {@code id} against the group the URL names, every nested group's,
 * app's and dependency's id against its enclosing group ({@code canonicalPath}). Every problem of the whole tree is
 * reported, with its JSON path ({@code /groups(0)/apps(1)/cmd}), in one {@link Violations.InvalidException}, so that
 * nothing is created in part.
 */
public final class GroupJsonReader {
    /** Marathon's words (state/Group.scala, api/v2/Validation.scala, state/PathId.scala). */
    public static final String APP_AND_GROUP_CLASH = "Groups and Applications may not have the same identifier.";
    public static final String NOT_ALONE = "not allowed in conjunction with other properties.";
    public static final String GROUP_NOT_CHILD = "Group has to be child of groups with parent id";

    private GroupJsonReader() {
    }

    /**
     * @param base the group the URL names (the root for {@code POST /v2/groups}); the body's id is relative to it
     * @param version the version every group and app of a structural change gets
     * @throws Violations.InvalidException listing every problem
     */
    public static GroupChange read(JsonNode json, AppId base, Instant version) {
        Violations violations = new Violations();
        if (!json.isObject()) {
            violations.add("/", "a group must be a JSON object");
            throw new Violations.InvalidException(violations);
        }
        JsonObjectReader top = new JsonObjectReader(json, "", violations);
        AppId id = top.string("id").map(text -> PathId.parse(text).canonical(base)).orElse(base);
        if (!id.isRoot()) {
            id.problems().forEach(problem -> violations.add("/id", problem));
        }
        Optional<Double> scaleBy = top.number("scaleBy", -Double.MAX_VALUE, Double.MAX_VALUE);
        scaleBy.filter(factor -> factor <= 0).ifPresent(factor -> violations.add("/scaleBy", "must be greater than 0, was " + factor));
        Optional<Instant> revertTo = top.string("version").flatMap(text -> timestamp(text, violations));
        // scaleBy and version each stand alone (Group.validNestedGroupUpdateWithBase, theOnlyDefinedOptionIn); the
        // id names the group and may come with them
        List<String> others = List.of("apps", "groups", "dependencies", "enforceRole", "scaleBy", "version");
        for (String alone : List.of("scaleBy", "version")) {
            if (top.has(alone) && others.stream().anyMatch(other -> !other.equals(alone) && top.has(other))) {
                violations.add("/" + alone, NOT_ALONE);
            }
        }
        GroupDefinition group = readGroup(top, id, version);
        top.refuseUnknownFields();
        violations.throwIfAny();
        if (scaleBy.isPresent()) {
            return new GroupChange.Scale(id, scaleBy.get());
        }
        return revertTo.<GroupChange>map(v -> new GroupChange.Revert(id, v)).orElseGet(() -> new GroupChange.Structure(group));
    }

    /** The group {@code id} with what {@code g} gives it; its children only when they are valid. */
    private static GroupDefinition readGroup(JsonObjectReader g, AppId id, Instant version) {
        Violations violations = g.violations();
        // accepted as Marathon accepts it; Pacer has no roles per group, so it changes nothing
        g.bool("enforceRole");
        Map<AppId, AppDefinition> apps = new HashMap<>();
        g.elements("apps").forEach((index, json) -> {
            String path = g.path("apps") + "(" + index + ")";
            readApp(json, id, path, version, violations).ifPresent(app -> {
                if (apps.putIfAbsent(app.id(), app) != null) {
                    violations.add(path + "/id", "is " + app.id() + ", given more than once in this request");
                }
            });
        });
        Map<AppId, GroupDefinition> groups = new HashMap<>();
        g.objects("groups", child -> readChildGroup(child, id, version)).forEach(child -> {
            String path = child.path() + "/id";
            if (apps.containsKey(child.group().id())) {
                violations.add(path, APP_AND_GROUP_CLASH);
            } else if (groups.putIfAbsent(child.group().id(), child.group()) != null) {
                violations.add(path, "is " + child.group().id() + ", given more than once in this request");
            }
        });
        return new GroupDefinition(id, g.ids("dependencies", id), version, groups, apps);
    }

    /** A nested group with the JSON path it was read from, for the problems found among its siblings. */
    private record ChildGroup(String path, GroupDefinition group) {
    }

    /** Null (left out) when its id is missing, invalid, or not directly in {@code parent}. */
    private static ChildGroup readChildGroup(JsonObjectReader child, AppId parent, Instant version) {
        Violations violations = child.violations();
        Optional<String> text = child.string("id");
        if (text.isEmpty()) {
            if (!child.has("id")) {
                violations.add(child.path("id"), "is required: a group id is a path such as /shop/backend");
            }
            return null;
        }
        AppId id = PathId.parse(text.get()).canonical(parent);
        List<String> problems = id.problems();
        problems.forEach(problem -> violations.add(child.path("id"), problem));
        if (!problems.isEmpty()) {
            return null;
        }
        if (!id.parent().equals(parent)) {
            violations.add(child.path("id"), GROUP_NOT_CHILD + ": " + id + " is not directly in " + parent);
            return null;
        }
        return new ChildGroup(child.path(), readGroup(child, id, version));
    }

    /**
     * An app of the group {@code group}: its id made absolute against the group first (Marathon's GroupNormalization
     * with AppNormalization.withCanonizedIds), then read as any app, its problems under {@code path}.
     */
    private static Optional<AppDefinition> readApp(JsonNode json, AppId group, String path, Instant version, Violations violations) {
        if (!json.isObject()) {
            violations.add(path, "must be an object");
            return Optional.empty();
        }
        ObjectNode app = ((ObjectNode) json).deepCopy();
        JsonNode idText = app.get("id");
        if (idText != null && idText.isTextual()) {
            AppId id = PathId.parse(idText.asText()).canonical(group);
            if (!id.parent().equals(group)) {
                // Marathon's words (PathId.childOf, AppValidation.validNestedApp)
                violations.add(path + "/id", "Identifier is not child of '" + group + "'");
                return Optional.empty();
            }
            app.put("id", id.path());
        }
        try {
            return Optional.of(AppJsonReader.read(app, Optional.empty(), version));
        } catch (Violations.InvalidException e) {
            e.violations().byPath().forEach((appPath, errors) ->
                    errors.forEach(error -> violations.add(appPath.equals("/") ? path : path + appPath, error)));
            return Optional.empty();
        }
    }

    private static Optional<Instant> timestamp(String text, Violations violations) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            violations.add("/version", "must be a timestamp such as 2026-12-03T10:18:37.000Z, was " + text);
            return Optional.empty();
        }
    }
}
