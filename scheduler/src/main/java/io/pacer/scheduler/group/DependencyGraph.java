package io.pacer.scheduler.group;

import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.Violations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which app must be deployed before which, over every app of a tree (Marathon's RootGroup.dependencyGraph and
 * applicationDependencies, state/RootGroup.scala): an app depends on the apps it names and on every app of a group it
 * names; every app of a group depends on every app its group names, or on every app of a group it names. Built only
 * for a tree whose dependencies all exist and form no cycle, so that {@link #levels} always has an order.
 */
public final class DependencyGraph {
    /** Marathon's words (RootGroup.noCyclicDependencies); Pacer adds the cycle after them. */
    public static final String CYCLIC = "Dependency graph has cyclic dependencies.";

    private static final Comparator<AppId> BY_PATH = Comparator.comparing(AppId::path);

    /** app → the apps it depends on, every app of the tree a key. */
    private final Map<AppId, Set<AppId>> edges;

    private DependencyGraph(Map<AppId, Set<AppId>> edges) {
        this.edges = edges;
    }

    /**
     * The graph of {@code root}'s apps, for a change of the group {@code changed}: what is in it must depend on what
     * exists; a dependency elsewhere in the tree on what no longer exists (its target was deleted since) is ignored,
     * as Marathon ignores it, so that it never blocks a change of another group.
     *
     * @throws Violations.InvalidException naming each app or group of {@code changed} (by its id as the path) that
     *         depends on an id that is neither an app nor a group of the tree, and each cycle as
     *         {@code /a -> /b -> /a} at {@code /}
     */
    public static DependencyGraph of(GroupDefinition root, AppId changed) {
        return build(root, id -> changed.isRoot() || id.equals(changed) || id.path().startsWith(changed.path() + "/"));
    }

    /** The graph of a tree as it is stored, every dependency on what no longer exists ignored. */
    public static DependencyGraph lenient(GroupDefinition root) {
        return build(root, id -> false);
    }

    private static DependencyGraph build(GroupDefinition root, Predicate<AppId> strict) {
        Violations violations = new Violations();
        Map<AppId, Set<AppId>> edges = new TreeMap<>(BY_PATH);
        root.transitiveApps().forEach(app -> edges.put(app.id(), new TreeSet<>(BY_PATH)));
        root.transitiveGroups().forEach(group -> {
            List<AppDefinition> dependents = group.transitiveApps();
            group.dependencies().forEach(dependency -> appsOf(root, group.id(), dependency, strict, violations)
                    .forEach(target -> dependents.forEach(app -> edges.get(app.id()).add(target))));
            group.apps().values().forEach(app -> app.dependencies().forEach(dependency ->
                    edges.get(app.id()).addAll(appsOf(root, app.id(), dependency, strict, violations))));
        });
        violations.throwIfAny();
        new CycleFinder(edges).cycles().forEach(cycle -> violations.add("/", CYCLIC + " " + cycle));
        violations.throwIfAny();
        return new DependencyGraph(edges);
    }

    /** The ids of the apps a dependency names: the app, or every app of the group; none otherwise (a violation when strict). */
    private static List<AppId> appsOf(GroupDefinition root, AppId dependent, AppId dependency, Predicate<AppId> strict,
                                      Violations violations) {
        if (root.app(dependency).isPresent()) {
            return List.of(dependency);
        }
        return root.group(dependency).map(g -> g.transitiveApps().stream().map(AppDefinition::id).toList())
                .orElseGet(() -> {
                    if (strict.test(dependent)) {
                        violations.add(dependent.path(), "depends on " + dependency + ", which is neither an app nor a group");
                    }
                    return List.of();
                });
    }

    /** The apps {@code app} depends on directly (through its own dependencies and its groups'). */
    public Set<AppId> dependenciesOf(AppId app) {
        return Set.copyOf(edges.getOrDefault(app, Set.of()));
    }

    /**
     * The {@code affected} apps of the tree in deployment order: grouped by the length of the longest dependency
     * path that starts at each, shortest first, so that an app comes after every app it depends on (Marathon's
     * DeploymentPlan.runSpecsGroupedByLongestPath, which measures paths through the whole tree, not only the affected
     * apps). Ids that are no app of the tree are left out; each level is sorted by id.
     */
    public List<List<AppId>> levels(Set<AppId> affected) {
        Map<AppId, Integer> longest = new HashMap<>();
        TreeMap<Integer, List<AppId>> byLength = new TreeMap<>();
        affected.stream().filter(edges::containsKey).sorted(BY_PATH)
                .forEach(app -> byLength.computeIfAbsent(longestPath(app, longest), n -> new ArrayList<>()).add(app));
        return byLength.values().stream().map(List::copyOf).toList();
    }

    /** The number of apps on the longest path from {@code app} along dependencies; memoised (the graph is acyclic). */
    private int longestPath(AppId app, Map<AppId, Integer> memo) {
        Integer known = memo.get(app);
        if (known != null) {
            return known;
        }
        int length = 1 + edges.get(app).stream().mapToInt(d -> longestPath(d, memo)).max().orElse(0);
        memo.put(app, length);
        return length;
    }

    /** Depth-first search; every edge back to an app on the current path closes a cycle. */
    private static final class CycleFinder {
        private final Map<AppId, Set<AppId>> edges;
        private final Set<AppId> done = new TreeSet<>(BY_PATH);
        private final LinkedHashSet<AppId> path = new LinkedHashSet<>();
        private final List<String> cycles = new ArrayList<>();

        CycleFinder(Map<AppId, Set<AppId>> edges) {
            this.edges = edges;
        }

        List<String> cycles() {
            edges.keySet().forEach(this::visit);
            return cycles;
        }

        private void visit(AppId app) {
            if (done.contains(app)) {
                return;
            }
            path.add(app);
            for (AppId next : edges.get(app)) {
                if (path.contains(next)) {
                    List<AppId> onPath = new ArrayList<>(path);
                    List<String> cycle = new ArrayList<>(onPath.subList(onPath.indexOf(next), onPath.size()).stream()
                            .map(AppId::path).toList());
                    cycle.add(next.path());
                    cycles.add(String.join(" -> ", cycle));
                } else {
                    visit(next);
                }
            }
            path.remove(app);
            done.add(app);
        }
    }
}
