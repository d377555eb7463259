package io.pacer.scheduler.launch;

import io.pacer.scheduler.app.UpgradeStrategy;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The two bounds a rolling replacement keeps, computed as Marathon's TaskReplaceActor.computeRestartStrategy does
 * (mesosphere/marathon core/deployment/impl/TaskReplaceActor.scala): at least {@code minHealthy =
 * ceil(minimumHealthCapacity × instances)} tasks healthy, at most {@code maxCapacity = floor((1 +
 * maximumOverCapacity) × instances)} tasks running. When the two are equal and already reached (e.g. 1 and 0), no
 * old task may go and no new one may start, so Marathon allows one task over capacity to make progress; so does
 * Pacer.
 * <p>
 * Unlike Marathon, the products are computed in decimal: 0.7 × 10 is 7 here, where Marathon's doubles give
 * 7.000000000000001 and a minimum of 8.
 */
public record UpgradeBounds(int minHealthy, int maxCapacity) {

    public static UpgradeBounds of(UpgradeStrategy strategy, int instances, int healthyNow) {
        BigDecimal n = BigDecimal.valueOf(instances);
        int minHealthy = n.multiply(BigDecimal.valueOf(strategy.minimumHealthCapacity())).setScale(0, RoundingMode.CEILING).intValueExact();
        int maxCapacity = n.multiply(BigDecimal.ONE.add(BigDecimal.valueOf(strategy.maximumOverCapacity())))
                .setScale(0, RoundingMode.FLOOR).intValueExact();
        if (minHealthy == maxCapacity && maxCapacity <= healthyNow) {
            maxCapacity += 1;
        }
        return new UpgradeBounds(minHealthy, maxCapacity);
    }

    /** How many healthy tasks may be killed now, with {@code healthy} healthy tasks not already being killed. */
    public int healthyToKill(int healthy) {
        return Math.max(0, healthy - minHealthy);
    }

    /**
     * How many new tasks may launch now: those still missing, within what the running ones (old and new, the ones
     * being killed included, since they run until they end) leave of the capacity.
     */
    public int toLaunch(int instances, int newTasks, int running) {
        return Math.max(0, Math.min(instances - newTasks, maxCapacity - running));
    }
}
