package io.pacer.scheduler.launch;

import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.task.TaskRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What one app may do now to replace its outdated tasks within its {@link UpgradeBounds}, decided afresh from the
 * tasks on every tick (level-triggered) rather than from counters kept while a deployment runs, as Marathon's
 * TaskReplaceActor does (core/deployment/impl/TaskReplaceActor.scala): that way a restarted Pacer, which knows the
 * tasks and the stored deployment, decides exactly what the one that died would have.
 * <ul>
 *   <li>An outdated task that is not healthy is killed at once: it does not count toward the minimum.</li>
 *   <li>A healthy outdated task is killed only while the app keeps at least {@code minHealthy} healthy tasks
 *       (Marathon's nrToKillImmediately, then one old per new task that becomes healthy).</li>
 *   <li>New tasks launch while fewer than {@code instances} are new and fewer than {@code maxCapacity} run, counting
 *       tasks being killed until they have ended (Marathon's leftCapacity counts old tasks until they are
 *       terminal).</li>
 * </ul>
 * Without outdated tasks there is nothing to bound: missing tasks launch at once, as before any deployment.
 */
final class RollingReplacement {
    /** The kills to make now and how many new tasks may launch now. */
    record Moves(List<TaskRecord> kill, int launch) {
        Moves {
            kill = List.copyOf(kill);
        }
    }

    private RollingReplacement() {
    }

    /**
     * @param alive    every task of the app Pacer has not seen end, in killSelection order for old tasks
     * @param outdated which tasks are to be replaced
     */
    static Moves decide(AppDefinition app, List<TaskRecord> alive, Predicate<TaskRecord> outdated) {
        List<TaskRecord> counting = alive.stream().filter(TaskRecord::countsTowardApp).toList();
        List<TaskRecord> old = counting.stream().filter(outdated).toList();
        int fresh = counting.size() - old.size();
        if (alive.stream().noneMatch(outdated)) {
            return new Moves(List.of(), Math.max(0, app.instances() - fresh));
        }
        int healthy = (int) counting.stream().filter(TaskRecord::serves).count();
        UpgradeBounds bounds = UpgradeBounds.of(app.upgradeStrategy(), app.instances(), healthy);
        List<TaskRecord> kill = new ArrayList<>(old.stream().filter(t -> !t.serves()).toList());
        old.stream().filter(TaskRecord::serves).limit(bounds.healthyToKill(healthy)).forEach(kill::add);
        return new Moves(kill, bounds.toLaunch(app.instances(), fresh, alive.size()));
    }
}
