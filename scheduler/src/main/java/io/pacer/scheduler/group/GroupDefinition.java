package io.pacer.scheduler.group;

import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A group of apps and groups, a tree whose root is {@code /} (Marathon's Group and RootGroup, state/Group.scala,
 * state/RootGroup.scala). Immutable: every update returns a new tree. Each child's id is directly under its parent's
 * (Marathon's "App has to be child of group with parent id"), which the constructor enforces, so a lookup walks the
 * id's segments. {@code dependencies} are absolute ids of apps or groups deployed before every app of this group.
 */
public record GroupDefinition(AppId id, Set<AppId> dependencies, Instant version,
                              Map<AppId, GroupDefinition> groups, Map<AppId, AppDefinition> apps) {

    public GroupDefinition {
        dependencies = Set.copyOf(dependencies);
        groups = Map.copyOf(groups);
        apps = Map.copyOf(apps);
        AppId parent = id;
        groups.forEach((childId, child) -> requireChild(parent, childId, child.id()));
        apps.forEach((childId, app) -> requireChild(parent, childId, app.id()));
    }

    private static void requireChild(AppId id, AppId key, AppId childId) {
        if (!key.equals(childId) || childId.isRoot() || !childId.parent().equals(id)) {
            throw new IllegalArgumentException(childId + " is not a child of group " + id);
        }
    }

    /** A group with nothing in it, as Marathon makes the missing groups on an id's path ({@code mkdir -p}). */
    public static GroupDefinition empty(AppId id, Instant version) {
        return new GroupDefinition(id, Set.of(), version, Map.of(), Map.of());
    }

    /** Every app in this group and its groups, by id. */
    public List<AppDefinition> transitiveApps() {
        return transitiveGroups().flatMap(g -> g.apps.values().stream())
                .sorted(Comparator.comparing(a -> a.id().path())).toList();
    }

    /** This group and every group in it, parents before their children. */
    public Stream<GroupDefinition> transitiveGroups() {
        return Stream.concat(Stream.of(this), groups.values().stream()
                .sorted(Comparator.comparing(g -> g.id().path())).flatMap(GroupDefinition::transitiveGroups));
    }

    /** The group with this id: this one or one in it. */
    public Optional<GroupDefinition> group(AppId groupId) {
        if (groupId.equals(id)) {
            return Optional.of(this);
        }
        return childOnPathTo(groupId).flatMap(child -> child.group(groupId));
    }

    public Optional<AppDefinition> app(AppId appId) {
        return group(appId.parent()).map(g -> g.apps.get(appId));
    }

    /** Whether an app or a group has this id (they share one namespace). */
    public boolean exists(AppId anId) {
        return app(anId).isPresent() || group(anId).isPresent();
    }

    /**
     * The ids that name both an app and a group anywhere in the tree (Marathon's "Groups and Applications may not
     * have the same identifier."): a tree merged from a request and the current one may have them even when the
     * request alone has none (a group where an app is, or an app id nested under an app's).
     */
    public Set<AppId> clashingIds() {
        return transitiveGroups().flatMap(g -> g.groups.keySet().stream().filter(g.apps::containsKey))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Adds or replaces the app, making the groups on its path that are missing; those groups get {@code version}. */
    public GroupDefinition putApp(AppDefinition app, Instant newVersion) {
        return updateGroup(app.id().parent(), newVersion, g -> g.withApp(app));
    }

    /** Adds or replaces the subtree {@code group} (this group itself when the ids are equal), as RootGroup.putGroup. */
    public GroupDefinition putGroup(GroupDefinition group, Instant newVersion) {
        if (group.id.equals(id)) {
            return group;
        }
        return updateGroup(group.id.parent(), newVersion, parent -> parent.withGroup(group));
    }

    /**
     * Removes the subtree with that id and every app in it; removing this group itself leaves it empty (Marathon
     * keeps the root). A missing group changes nothing but the versions on its path.
     */
    public GroupDefinition removeGroup(AppId groupId, Instant newVersion) {
        if (groupId.equals(id)) {
            return new GroupDefinition(id, dependencies, newVersion, Map.of(), Map.of());
        }
        return updateGroup(groupId.parent(), newVersion, parent -> parent.withoutGroup(groupId));
    }

    /**
     * Every transitive app of the group {@code groupId} with its instances multiplied by {@code factor}, rounded up
     * (GroupApiService.scala: {@code (instances * scale).ceil}), as a scale change of {@code newVersion}.
     */
    public GroupDefinition scaleBy(AppId groupId, double factor, Instant newVersion) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("scaleBy must be greater than 0, was " + factor);
        }
        return updateGroup(groupId, newVersion, g -> g.mapApps(app -> app
                .withInstances((int) Math.ceil(app.instances() * factor))
                .withVersionInfo(app.versionInfo().withScaleChange(newVersion)), newVersion));
    }

    public GroupDefinition withDependencies(Set<AppId> newDependencies) {
        return new GroupDefinition(id, newDependencies, version, groups, apps);
    }

    /** Applies {@code change} to the group {@code groupId}, made when missing; every group on the path gets {@code newVersion}. */
    private GroupDefinition updateGroup(AppId groupId, Instant newVersion, UnaryOperator<GroupDefinition> change) {
        if (groupId.equals(id)) {
            return change.apply(this).withVersion(newVersion);
        }
        AppId childId = childIdOnPathTo(groupId);
        GroupDefinition child = Optional.ofNullable(groups.get(childId)).orElseGet(() -> empty(childId, newVersion));
        return withGroup(child.updateGroup(groupId, newVersion, change)).withVersion(newVersion);
    }

    private GroupDefinition mapApps(UnaryOperator<AppDefinition> change, Instant newVersion) {
        Map<AppId, AppDefinition> changedApps = new HashMap<>();
        apps.forEach((appId, app) -> changedApps.put(appId, change.apply(app)));
        Map<AppId, GroupDefinition> changedGroups = new HashMap<>();
        groups.forEach((groupId, g) -> changedGroups.put(groupId, g.mapApps(change, newVersion)));
        return new GroupDefinition(id, dependencies, newVersion, changedGroups, changedApps);
    }

    private GroupDefinition withApp(AppDefinition app) {
        Map<AppId, AppDefinition> changed = new HashMap<>(apps);
        changed.put(app.id(), app);
        return new GroupDefinition(id, dependencies, version, groups, changed);
    }

    private GroupDefinition withGroup(GroupDefinition group) {
        Map<AppId, GroupDefinition> changed = new HashMap<>(groups);
        changed.put(group.id, group);
        return new GroupDefinition(id, dependencies, version, changed, apps);
    }

    private GroupDefinition withoutGroup(AppId groupId) {
        Map<AppId, GroupDefinition> changed = new HashMap<>(groups);
        changed.remove(groupId);
        return new GroupDefinition(id, dependencies, version, changed, apps);
    }

    private GroupDefinition withVersion(Instant newVersion) {
        return new GroupDefinition(id, dependencies, newVersion, groups, apps);
    }

    private Optional<GroupDefinition> childOnPathTo(AppId descendant) {
        return isAncestorOf(descendant) ? Optional.ofNullable(groups.get(childIdOnPathTo(descendant))) : Optional.empty();
    }

    /** The id of this group's child on the way down to {@code descendant}. */
    private AppId childIdOnPathTo(AppId descendant) {
        if (!isAncestorOf(descendant)) {
            throw new IllegalArgumentException(descendant + " is not in group " + id);
        }
        List<String> segments = descendant.segments();
        return new AppId("/" + String.join("/", segments.subList(0, id.segments().size() + 1)));
    }

    private boolean isAncestorOf(AppId descendant) {
        List<String> mine = id.segments();
        List<String> theirs = descendant.segments();
        return theirs.size() > mine.size() && theirs.subList(0, mine.size()).equals(mine);
    }
}
