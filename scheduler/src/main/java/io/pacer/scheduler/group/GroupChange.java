package io.pacer.scheduler.group;

import io.pacer.scheduler.app.AppId;
import java.time.Instant;

/**
 * What one GroupUpdate body asks for (types/group.raml GroupUpdate): Marathon's GroupApiService.updateGroup does one
 * of three things, chosen by the fields given, and so does Pacer.
 */
public sealed interface GroupChange {
    /** The group the change is about. */
    AppId groupId();

    /** Create or replace the group's subtree with this one (apps, groups, dependencies). */
    record Structure(GroupDefinition group) implements GroupChange {
        @Override
        public AppId groupId() {
            return group.id();
        }
    }

    /** {@code scaleBy}: every transitive app's instances times {@code factor} (see {@link GroupDefinition#scaleBy}). */
    record Scale(AppId groupId, double factor) implements GroupChange {
    }

    /** {@code version}: the group as it was at that version, restored as a new version. */
    record Revert(AppId groupId, Instant version) implements GroupChange {
    }
}
