package io.pacer.scheduler.deploy;

import io.pacer.scheduler.app.AppId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One change of one or more apps being carried out, as data (docs/deployments.md): Marathon's deployment plan, steps
 * of app actions in dependency order. Written to the store before any app or task is touched, so that a restarted
 * Pacer resumes it at the step it was in, knowing which old tasks it still has to replace; removed once every
 * action is done. Immutable.
 *
 * @param version the version the deployment brings its apps to (Marathon's deployment version)
 * @param changes one action per affected app, in step order, steps numbered 1..n without gaps
 * @param createdGroups the groups the change made, which a rollback removes once they hold no app (Marathon's
 *                      rollback restores the root as it was)
 */
public record Deployment(String id, Instant version, Instant startedAt, List<AppChange> changes, Set<AppId> createdGroups) {

    /** A deployment that makes no group. */
    public Deployment(String id, Instant version, Instant startedAt, List<AppChange> changes) {
        this(id, version, startedAt, changes, Set.of());
    }

    public Deployment {
        createdGroups = Set.copyOf(createdGroups);
        changes = changes.stream().sorted(Comparator.comparingInt(AppChange::step).thenComparing(c -> c.appId().path())).toList();
        for (int i = 0; i < changes.size(); i++) {
            int step = changes.get(i).step();
            int before = i == 0 ? 0 : changes.get(i - 1).step();
            if (step != before && step != before + 1) {
                throw new IllegalArgumentException("deployment " + id + " skips from step " + before + " to " + step);
            }
        }
    }

    public int totalSteps() {
        return changes.isEmpty() ? 0 : changes.get(changes.size() - 1).step();
    }

    /** The step being carried out: the first with an action not done (the last step once all are). */
    public int currentStep() {
        return changes.stream().filter(c -> !c.done()).mapToInt(AppChange::step).findFirst().orElse(totalSteps());
    }

    /** The actions of step {@code step} (1-based). */
    public List<AppChange> step(int step) {
        return changes.stream().filter(c -> c.step() == step).toList();
    }

    public List<AppId> affectedApps() {
        return changes.stream().map(AppChange::appId).toList();
    }

    public Optional<AppChange> changeOf(AppId app) {
        return changes.stream().filter(c -> c.appId().equals(app)).findFirst();
    }

    /** The app waits for an earlier step: what runs of it is still what was there before. */
    public boolean holds(AppId app) {
        return changeOf(app).map(c -> c.step() > currentStep()).orElse(false);
    }

    public boolean isDone() {
        return changes.stream().allMatch(AppChange::done);
    }

    public Deployment withoutOldTask(AppId app, String taskId) {
        return with(app, c -> c.withoutOldTask(taskId));
    }

    public Deployment withCreatedGroups(Set<AppId> groups) {
        return new Deployment(id, version, startedAt, changes, groups);
    }

    public Deployment withDone(AppId app) {
        return with(app, AppChange::finished);
    }

    private Deployment with(AppId app, UnaryOperator<AppChange> change) {
        List<AppChange> next = new ArrayList<>();
        changes.forEach(c -> next.add(c.appId().equals(app) ? change.apply(c) : c));
        return new Deployment(id, version, startedAt, next, createdGroups);
    }
}
