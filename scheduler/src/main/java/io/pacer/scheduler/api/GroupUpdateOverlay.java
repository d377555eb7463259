package io.pacer.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppJsonWriter;
import io.pacer.scheduler.app.PathId;
import io.pacer.scheduler.group.GroupDefinition;
import java.util.Optional;

/**
 * A PUT's GroupUpdate laid over the group it changes, as Marathon's GroupUpdate.apply reads it: each of {@code apps},
 * {@code groups} and {@code dependencies} the body leaves out, the group keeps; {@code apps} or {@code groups} given
 * replace the group's (what they do not list goes); a nested group they list that exists is itself an update of it.
 * A body with {@code scaleBy} or {@code version}, or for a group that does not exist, is left as it is.
 */
final class GroupUpdateOverlay {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private GroupUpdateOverlay() {
    }

    static JsonNode onto(GroupDefinition root, JsonNode update, AppId base) {
        if (!update.isObject() || update.has("scaleBy") || update.has("version")) {
            return update;
        }
        AppId id = idOf(update, base);
        return root.group(id).<JsonNode>map(current -> overlay(current, update, id)).orElse(update);
    }

    private static ObjectNode overlay(GroupDefinition current, JsonNode update, AppId id) {
        ObjectNode merged = update.deepCopy();
        merged.put("id", id.path());
        if (!update.has("apps")) {
            ArrayNode apps = merged.putArray("apps");
            current.apps().values().forEach(app -> apps.add(AppJsonWriter.write(app)));
        }
        if (!update.has("dependencies")) {
            ArrayNode dependencies = merged.putArray("dependencies");
            current.dependencies().forEach(d -> dependencies.add(d.path()));
        }
        JsonNode given = update.get("groups");
        if (given == null) {
            ArrayNode groups = merged.putArray("groups");
            current.groups().values().forEach(g -> groups.add(overlay(g, JSON.objectNode(), g.id())));
        } else if (given.isArray()) {
            ArrayNode groups = merged.putArray("groups");
            for (JsonNode nested : given) {
                Optional<GroupDefinition> existing = nested.isObject() ? current.group(idOf(nested, id)) : Optional.empty();
                groups.add(existing.<JsonNode>map(g -> overlay(g, nested, g.id())).orElse(nested));
            }
        }
        return merged;
    }

    /** The id a GroupUpdate names, relative to its enclosing group's (Marathon's canonicalPath); the enclosing one without. */
    private static AppId idOf(JsonNode update, AppId base) {
        JsonNode id = update.get("id");
        return id != null && id.isTextual() ? PathId.parse(id.asText()).canonical(base) : base;
    }
}
