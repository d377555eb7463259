package io.pacer.scheduler.deploy;

import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One app's action in a {@link Deployment}: its step (1-based; the apps of a step move together, a step begins once
 * every action of the steps before it is done), the tasks it must replace, and what the app was before. Immutable.
 *
 * @param oldTaskIds tasks that must be replaced and have not ended yet; tasks of an older configuration are
 *                   replaced anyway, this set names those that look current (a restart keeps the configuration)
 * @param previous   the app before the change, for a rollback, and what runs while the action's step has not begun;
 *                   empty when the change creates the app
 * @param done       the app reached its target once its step had begun; it stays done whatever happens next
 */
public record AppChange(AppId appId, DeploymentAction action, int step, Set<String> oldTaskIds,
                        Optional<AppDefinition> previous, boolean done) {

    public AppChange {
        if (step < 1) {
            throw new IllegalArgumentException("steps count from 1, got " + step);
        }
        oldTaskIds = Set.copyOf(new TreeSet<>(oldTaskIds));
    }

    AppChange withoutOldTask(String taskId) {
        Set<String> left = new TreeSet<>(oldTaskIds);
        left.remove(taskId);
        return new AppChange(appId, action, step, left, previous, done);
    }

    AppChange finished() {
        return new AppChange(appId, action, step, oldTaskIds, previous, true);
    }
}
