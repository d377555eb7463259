package io.pacer.scheduler.api;

import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.ServicePorts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The steps of a change from one set of apps to another, as Marathon's DeploymentPlan.apply orders them
 * (core/deployment/DeploymentPlan.scala), with one difference issue 23 asks for: Marathon stops every removed app
 * in one first step, Pacer stops them level by level in reverse dependency order (dependents first). Then the
 * apps that are new or changed, level by level in dependency order (runSpecsGroupedByLongestPath). An app whose
 * definition is the same as before, its version aside, has no action and keeps its version.
 */
final class GroupChanges {
    /** Groups apps by dependency level, the apps with no dependency among them first. */
    interface Levels extends Function<Set<AppId>, List<List<AppId>>> {
    }

    private GroupChanges() {
    }

    /** The changes from {@code original} to {@code target}, in no order: the removed apps, the new and the changed. */
    static List<AppDeployments.Change> changes(Map<AppId, AppDefinition> original, Map<AppId, AppDefinition> target) {
        List<AppDeployments.Change> changes = new ArrayList<>();
        original.keySet().stream().filter(id -> !target.containsKey(id))
                .forEach(id -> changes.add(new AppDeployments.Change(id, Optional.of(original.get(id)), Optional.empty(), false)));
        target.forEach((id, app) -> {
            Optional<AppDefinition> current = Optional.ofNullable(original.get(id));
            if (!unchanged(current, app)) {
                changes.add(new AppDeployments.Change(id, current, Optional.of(AppDeployments.versioned(current, app, false)), false));
            }
        });
        return changes;
    }

    /**
     * Changes in steps: removals first, dependents before what they depend on (those the graph before the change
     * does not know, all in one step ahead of the others), then the rest, what is depended on first.
     */
    static List<List<AppDeployments.Change>> ordered(List<AppDeployments.Change> changes, Levels stopLevels, Levels startLevels) {
        Map<AppId, AppDeployments.Change> stops = new HashMap<>();
        Map<AppId, AppDeployments.Change> others = new HashMap<>();
        changes.forEach(c -> (c.target().isEmpty() ? stops : others).put(c.id(), c));
        List<List<AppId>> stopOrder = new ArrayList<>(stopLevels.apply(stops.keySet()));
        Collections.reverse(stopOrder);
        List<AppId> unknown = stops.keySet().stream().filter(id -> stopOrder.stream().noneMatch(l -> l.contains(id)))
                .sorted(Comparator.comparing(AppId::path)).toList();
        stopOrder.add(0, unknown);
        List<List<AppDeployments.Change>> steps = new ArrayList<>();
        stopOrder.stream().filter(level -> !level.isEmpty()).forEach(level -> steps.add(level.stream().map(stops::get).toList()));
        startLevels.apply(others.keySet()).forEach(level -> steps.add(level.stream().map(others::get).toList()));
        return steps;
    }

    /** The same definition as the stored one, its service ports as they would be kept and its version aside. */
    static boolean unchanged(Optional<AppDefinition> current, AppDefinition target) {
        return current.map(c -> ServicePorts.assign(target, List.of(c)).withVersionInfo(c.versionInfo()).equals(c)).orElse(false);
    }
}
