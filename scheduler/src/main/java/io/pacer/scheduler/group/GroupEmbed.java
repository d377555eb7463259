package io.pacer.scheduler.group;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a group answer embeds, from its {@code embed} query values (groups.raml; Marathon's InfoEmbedResolver and
 * GroupsResource): the nested groups, the apps, the pods, and for each app the embeds {@code TaskViews.app} takes
 * ({@code tasks}, {@code deployments}, {@code readiness}, {@code lastTaskFailure}, {@code counts}, {@code taskStats}).
 * Unknown values are ignored, as Marathon ignores them.
 */
public record GroupEmbed(boolean groups, boolean apps, boolean pods, Set<String> app) {
    private static final String APP_PREFIX = "group.apps.";
    /** Without an embed, Marathon embeds apps, pods and groups, for backward compatibility (GroupsResource.defaultEmbeds). */
    public static final GroupEmbed DEFAULT = new GroupEmbed(true, true, true, Set.of());
    private static final Set<String> APP_EMBEDS = Set.of("tasks", "deployments", "readiness", "lastTaskFailure", "counts", "taskStats");

    public GroupEmbed {
        app = Set.copyOf(app);
    }

    /** @param values the {@code embed} query values, each possibly a comma-separated list */
    public static GroupEmbed parse(List<String> values) {
        List<String> embeds = values.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::strip)
                .filter(e -> !e.isEmpty()).toList();
        if (embeds.isEmpty()) {
            return DEFAULT;
        }
        Set<String> app = new HashSet<>();
        embeds.stream().filter(e -> e.startsWith(APP_PREFIX)).map(e -> e.substring(APP_PREFIX.length()))
                .forEach(e -> app.addAll(appEmbeds(e)));
        return new GroupEmbed(embeds.contains("group.groups"), embeds.contains("group.apps"), embeds.contains("group.pods"), app);
    }

    /** Marathon's app embed words: {@code tasks} brings deployments too, the deprecated {@code failures} also the last failure. */
    private static Set<String> appEmbeds(String name) {
        return switch (name) {
            case "tasks" -> Set.of("tasks", "deployments");
            case "failures" -> Set.of("tasks", "lastTaskFailure", "deployments");
            default -> APP_EMBEDS.contains(name) ? Set.of(name) : Set.of();
        };
    }
}
