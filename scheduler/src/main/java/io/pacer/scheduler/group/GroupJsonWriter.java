package io.pacer.scheduler.group;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.time.Timestamps;
import java.util.Comparator;
import java.util.function.Function;

/**
 * Writes a group as Marathon answers it (types/group.raml GroupInfo): {@code id}, the embedded {@code apps},
 * {@code groups} and {@code pods} (always empty: Pacer has no pods), {@code dependencies}, {@code version} and
 * {@code enforceRole} (always false: Pacer has no roles per group). Apps and groups are sorted by id, so that one
 * tree always gives one answer. An app's JSON comes from the caller, who knows its tasks and deployments.
 */
public final class GroupJsonWriter {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private GroupJsonWriter() {
    }

    public static ObjectNode write(GroupDefinition group, GroupEmbed embed, Function<AppDefinition, ObjectNode> appJson) {
        ObjectNode o = JSON.objectNode().put("id", group.id().path());
        if (embed.apps()) {
            ArrayNode apps = o.putArray("apps");
            group.apps().values().stream().sorted(Comparator.comparing(a -> a.id().path())).map(appJson).forEach(apps::add);
        }
        if (embed.groups()) {
            ArrayNode groups = o.putArray("groups");
            group.groups().values().stream().sorted(Comparator.comparing(g -> g.id().path()))
                    .map(g -> write(g, embed, appJson)).forEach(groups::add);
        }
        if (embed.pods()) {
            o.putArray("pods");
        }
        ArrayNode dependencies = o.putArray("dependencies");
        group.dependencies().stream().map(AppId::path).sorted().forEach(dependencies::add);
        return o.put("version", Timestamps.format(group.version())).put("enforceRole", false);
    }
}
