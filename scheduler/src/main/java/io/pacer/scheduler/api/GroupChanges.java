package io.pacer.scheduler.api;

import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.ServicePorts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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

    /**
     * @param original    every app before the change
     * @param target      every app after it, as read from the request (a changed app carries the new version)
     * @param originalLevels levels in the dependency graph before the change (for the stops)
     * @param targetLevels   levels in the dependency graph after the change
     */
    static List<List<AppDeployments.Change>> steps(Map<AppId, AppDefinition> original, Map<AppId, AppDefinition> target,
                                                   Levels originalLevels, Levels targetLevels) {
        Set<AppId> removed = new TreeSet<>(Comparator.comparing(AppId::path));
        original.keySet().stream().filter(id -> !target.containsKey(id)).forEach(removed::add);
        Set<AppId> changed = new TreeSet<>(Comparator.comparing(AppId::path));
        target.forEach((id, app) -> {
            if (!unchanged(Optional.ofNullable(original.get(id)), app)) {
                changed.add(id);
            }
        });
        List<List<AppDeployments.Change>> steps = new ArrayList<>();
        List<List<AppId>> stops = new ArrayList<>(originalLevels.apply(removed));
        Collections.reverse(stops);
        for (List<AppId> level : stops) {
            steps.add(level.stream().map(id -> new AppDeployments.Change(id, Optional.of(original.get(id)), Optional.empty(), false)).toList());
        }
        for (List<AppId> level : targetLevels.apply(changed)) {
            steps.add(level.stream().map(id -> {
                Optional<AppDefinition> current = Optional.ofNullable(original.get(id));
                return new AppDeployments.Change(id, current, Optional.of(AppDeployments.versioned(current, target.get(id), false)), false);
            }).toList());
        }
        return steps;
    }

    /** The same definition as the stored one, its service ports as they would be kept and its version aside. */
    static boolean unchanged(Optional<AppDefinition> current, AppDefinition target) {
        return current.map(c -> ServicePorts.assign(target, List.of(c)).withVersionInfo(c.versionInfo()).equals(c)).orElse(false);
    }
}
