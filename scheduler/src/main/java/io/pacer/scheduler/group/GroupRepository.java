package io.pacer.scheduler.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.app.PathId;
import io.pacer.scheduler.store.StateStore;
import io.pacer.scheduler.store.StoredValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The groups Pacer knows. Apps stay in the {@link AppRepository}; this keeps the groups that exist explicitly (made
 * by a group request: id, dependencies, version) in the {@link StateStore} under {@code groups/}, written before a
 * change is acknowledged and loaded at start. The tree ({@link #root}) is those groups, every group on their paths,
 * and every group on an app's path (Marathon makes those implicitly for a nested app id); a group stays when its last
 * app goes, as in Marathon. Each group change keeps a snapshot of the changed subtree under
 * {@code group-versions/<group>/}: its groups, and for each app its id and version only (the app's definitions are
 * versioned by the AppRepository); at most {@code maxVersions} per group, oldest dropped first.
 */
public final class GroupRepository {
    private static final String FOLDER = "groups";
    private static final String VERSIONS = "group-versions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateStore store;
    private final AppRepository apps;
    private final int maxVersions;
    private final Map<AppId, StoredGroup> groups = new ConcurrentHashMap<>();

    /** A group as it exists on its own, without its children. */
    private record StoredGroup(AppId id, Set<AppId> dependencies, Instant version) {
    }

    public GroupRepository(StateStore store, AppRepository apps, int maxVersions) {
        if (maxVersions < 1) {
            throw new IllegalArgumentException("at least the current version is kept, asked to keep " + maxVersions);
        }
        this.store = store;
        this.apps = apps;
        this.maxVersions = maxVersions;
        StoredValues.parse(store.readAll(FOLDER), (key, bytes) -> readGroup(parse(key, bytes)))
                .forEach(group -> groups.put(group.id(), group));
    }

    /**
     * The whole tree now, with every app of the AppRepository. A group's version is its own or, when later, that of
     * its newest app: changing an app changes the groups it is in, as Marathon's updateApp versions them.
     */
    public GroupDefinition root() {
        Map<AppId, List<AppDefinition>> appsByGroup = new HashMap<>();
        Set<AppId> groupIds = new HashSet<>();
        groupIds.add(PathId.root());
        apps.all().forEach(app -> {
            appsByGroup.computeIfAbsent(app.id().parent(), g -> new ArrayList<>()).add(app);
            addWithAncestors(app.id().parent(), groupIds);
        });
        groups.keySet().forEach(id -> addWithAncestors(id, groupIds));
        Map<AppId, List<AppId>> childGroups = new HashMap<>();
        groupIds.stream().filter(id -> !id.isRoot())
                .forEach(id -> childGroups.computeIfAbsent(id.parent(), p -> new ArrayList<>()).add(id));
        return build(PathId.root(), childGroups, appsByGroup);
    }

    private GroupDefinition build(AppId id, Map<AppId, List<AppId>> childGroups, Map<AppId, List<AppDefinition>> appsByGroup) {
        Map<AppId, GroupDefinition> children = new HashMap<>();
        childGroups.getOrDefault(id, List.of()).forEach(child -> children.put(child, build(child, childGroups, appsByGroup)));
        Map<AppId, AppDefinition> own = new HashMap<>();
        appsByGroup.getOrDefault(id, List.of()).forEach(app -> own.put(app.id(), app));
        Optional<StoredGroup> stored = Optional.ofNullable(groups.get(id));
        Instant version = Stream.of(stored.map(StoredGroup::version).stream(),
                        children.values().stream().map(GroupDefinition::version), own.values().stream().map(AppDefinition::version))
                .flatMap(s -> s).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        return new GroupDefinition(id, stored.map(StoredGroup::dependencies).orElse(Set.of()), version, children, own);
    }

    private static void addWithAncestors(AppId id, Set<AppId> into) {
        AppId group = id;
        while (into.add(group) && !group.isRoot()) {
            group = group.parent();
        }
    }

    /**
     * Stores the group {@code group} as it is now, with every group in it (each then exists explicitly), drops the
     * stored groups under it that it no longer has (and their versions), and keeps a snapshot of it as a version.
     * Its apps must be stored in the AppRepository by the caller.
     */
    public synchronized void put(GroupDefinition group) {
        Set<AppId> kept = new HashSet<>();
        group.transitiveGroups().forEach(g -> {
            kept.add(g.id());
            store.write(keyOf(g.id()), bytes(groupJson(g)));
            groups.put(g.id(), new StoredGroup(g.id(), g.dependencies(), g.version()));
        });
        storedUnder(group.id()).stream().filter(id -> !kept.contains(id)).forEach(this::forget);
        String folder = versionsOf(group.id());
        store.write(folder + "/" + group.version().toEpochMilli() + ".json", bytes(snapshot(group)));
        List<String> versions = store.keys(folder).stream().sorted(Comparator.comparing(GroupRepository::versionOfKey)).toList();
        versions.subList(0, Math.max(0, versions.size() - maxVersions)).forEach(store::delete);
    }

    /** Forgets the group and every stored group in it, with their versions; its apps are the caller's to delete. */
    public synchronized void remove(AppId groupId) {
        storedUnder(groupId).forEach(this::forget);
        store.keys(versionsOf(groupId)).forEach(store::delete);
    }

    /** The group's kept versions, newest first; none for a group that only exists implicitly. */
    public List<Instant> versions(AppId groupId) {
        return store.keys(versionsOf(groupId)).stream().map(GroupRepository::versionOfKey)
                .sorted(Comparator.reverseOrder()).toList();
    }

    /**
     * The group's subtree as it was at {@code version}, its apps read back from the AppRepository's versions; empty
     * when that version is not kept, or when one of its app versions is no longer kept (the app was deleted since,
     * or has had more than the AppRepository's maximum of versions since).
     */
    public Optional<GroupDefinition> version(AppId groupId, Instant version) {
        return store.read(versionsOf(groupId) + "/" + version.toEpochMilli() + ".json")
                .flatMap(bytes -> fromSnapshot(parse(versionsOf(groupId), bytes)));
    }

    private Set<AppId> storedUnder(AppId groupId) {
        Set<AppId> under = new HashSet<>();
        groups.keySet().stream().filter(id -> isSelfOrDescendant(id, groupId)).forEach(under::add);
        return under;
    }

    private static boolean isSelfOrDescendant(AppId id, AppId ancestor) {
        List<String> a = ancestor.segments();
        List<String> s = id.segments();
        return s.size() >= a.size() && s.subList(0, a.size()).equals(a);
    }

    private void forget(AppId id) {
        store.delete(keyOf(id));
        store.keys(versionsOf(id)).forEach(store::delete);
        groups.remove(id);
    }

    private static ObjectNode groupJson(GroupDefinition group) {
        ObjectNode o = JSON.createObjectNode().put("id", group.id().path()).put("version", group.version().toString());
        ArrayNode dependencies = o.putArray("dependencies");
        group.dependencies().stream().map(AppId::path).sorted().forEach(dependencies::add);
        return o;
    }

    private static ObjectNode snapshot(GroupDefinition group) {
        ObjectNode o = groupJson(group);
        ArrayNode appVersions = o.putArray("apps");
        group.apps().values().stream().sorted(Comparator.comparing(a -> a.id().path()))
                .forEach(app -> appVersions.addObject().put("id", app.id().path()).put("version", app.version().toString()));
        ArrayNode children = o.putArray("groups");
        group.groups().values().stream().sorted(Comparator.comparing(g -> g.id().path()))
                .forEach(child -> children.add(snapshot(child)));
        return o;
    }

    private static StoredGroup readGroup(JsonNode json) {
        Set<AppId> dependencies = new HashSet<>();
        json.get("dependencies").forEach(d -> dependencies.add(AppId.parse(d.asText())));
        return new StoredGroup(AppId.parse(json.get("id").asText()), dependencies, Instant.parse(json.get("version").asText()));
    }

    private Optional<GroupDefinition> fromSnapshot(JsonNode json) {
        StoredGroup group = readGroup(json);
        Map<AppId, AppDefinition> groupApps = new HashMap<>();
        for (JsonNode app : json.get("apps")) {
            Optional<AppDefinition> definition = apps.version(AppId.parse(app.get("id").asText()), Instant.parse(app.get("version").asText()));
            if (definition.isEmpty()) {
                return Optional.empty();
            }
            groupApps.put(definition.get().id(), definition.get());
        }
        Map<AppId, GroupDefinition> children = new HashMap<>();
        for (JsonNode child : StreamSupport.stream(json.get("groups").spliterator(), false).toList()) {
            Optional<GroupDefinition> read = fromSnapshot(child);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            children.put(read.get().id(), read.get());
        }
        return Optional.of(new GroupDefinition(group.id(), group.dependencies(), group.version(), children, groupApps));
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String key, byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("stored group " + key + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Versions are kept under their epoch milliseconds, as the AppRepository keeps an app's. */
    private static Instant versionOfKey(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return Instant.ofEpochMilli(Long.parseLong(name.substring(0, name.length() - ".json".length())));
    }

    private static String versionsOf(AppId id) {
        return VERSIONS + "/" + id.keySegment();
    }

    private static String keyOf(AppId id) {
        return FOLDER + "/" + id.keySegment() + ".json";
    }
}
