package io.pacer.scheduler.deploy;

import io.pacer.scheduler.app.AppId;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One change of one app being carried out, as data (docs/deployments.md): written to the store before any task is
 * touched, so that a restarted Pacer knows which old tasks it still has to replace, and removed when the app has
 * reached its target. Immutable.
 *
 * @param version     the app version the deployment brings the app to (Marathon's deployment version)
 * @param oldTaskIds  tasks that must be replaced and have not ended yet; tasks of an older configuration are
 *                    replaced anyway, this set names those that look current (a restart keeps the configuration)
 * @param previous    the app's definition before the change, as the API's JSON (instances included), for a
 *                    rollback; empty when the change created the app
 */
public record Deployment(String id, AppId appId, Instant version, DeploymentAction action, Set<String> oldTaskIds,
                         Instant startedAt, Optional<String> previous) {

    public Deployment {
        oldTaskIds = Set.copyOf(new TreeSet<>(oldTaskIds));
    }

    public Deployment withoutOldTask(String taskId) {
        Set<String> left = new TreeSet<>(oldTaskIds);
        left.remove(taskId);
        return new Deployment(id, appId, version, action, left, startedAt, previous);
    }
}
