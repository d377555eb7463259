package io.pacer.scheduler.api;

import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.Violations;
import io.pacer.scheduler.events.EventBus;
import io.pacer.scheduler.events.MarathonEvents;
import io.pacer.scheduler.group.DependencyGraph;
import io.pacer.scheduler.group.GroupDefinition;
import io.pacer.scheduler.group.GroupJsonReader;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;

/**
 * What every change of the tree of groups and apps must leave true, whether it comes through /v2/groups or /v2/apps
 * (Marathon's RootGroup validation in GroupManagerImpl.updateRoot): no id names both an app and a group, the changed
 * group depends only on what exists, and nothing depends on itself. A refusal is a 422 and a group_change_failed.
 */
final class TreeCheck {
    private final EventBus events;
    private final Clock clock;

    TreeCheck(EventBus events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /**
     * The tree's dependency graph, for a change of {@code changed} (a group, or an app: then group_change_failed
     * names its group) to {@code target} at {@code version}.
     */
    DependencyGraph valid(GroupDefinition target, AppId changed, Instant version) {
        try {
            Violations clashes = new Violations();
            target.clashingIds().stream().sorted(Comparator.comparing(AppId::path))
                    .forEach(id -> clashes.add(id.path(), GroupJsonReader.APP_AND_GROUP_CLASH));
            clashes.throwIfAny();
            return DependencyGraph.of(target, changed);
        } catch (Violations.InvalidException e) {
            refused(target.app(changed).isPresent() ? changed.parent() : changed, version, "Object is not valid");
            throw ApiException.invalid(e.violations());
        }
    }

    /** A valid change refused all the same (a lock). */
    void refused(AppId group, Instant version, String reason) {
        events.publish(MarathonEvents.groupChangeFailed(group, version, reason, clock.instant()));
    }
}
