package io.pacer.scheduler.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.scheduler.app.UpgradeStrategy;
import org.junit.jupiter.api.Test;

/** The cases of Marathon's TaskReplaceActorTest (core/deployment/impl), as bounds and first moves. */
class UpgradeBoundsTest {

    @Test
    void marathonsDefaultStrategyKeepsEveryTaskAndDoublesCapacity() {
        UpgradeBounds b = UpgradeBounds.of(UpgradeStrategy.DEFAULT, 5, 5);

        assertThat(b).isEqualTo(new UpgradeBounds(5, 10));
        assertThat(b.healthyToKill(5)).as("no old task goes before a new one is healthy").isZero();
        assertThat(b.toLaunch(5, 0, 5)).as("all new tasks start at once").isEqualTo(5);
    }

    @Test
    void halfHealthAndQuarterOverCapacityOfFourInstances() {
        UpgradeBounds b = UpgradeBounds.of(new UpgradeStrategy(0.5, 0.25), 4, 4);

        assertThat(b).isEqualTo(new UpgradeBounds(2, 5));
        assertThat(b.healthyToKill(4)).as("two old tasks may go at once").isEqualTo(2);
        assertThat(b.toLaunch(4, 0, 4)).as("one new task before any old one has ended").isEqualTo(1);
        assertThat(b.toLaunch(4, 1, 3)).as("two old ones ended: two more").isEqualTo(2);
    }

    @Test
    void zeroHealthCapacityKillsAllOldTasksAtOnce() {
        UpgradeBounds b = UpgradeBounds.of(new UpgradeStrategy(0, 0), 3, 3);

        assertThat(b).isEqualTo(new UpgradeBounds(0, 3));
        assertThat(b.healthyToKill(3)).isEqualTo(3);
        assertThat(b.toLaunch(3, 0, 3)).as("no room until old tasks end").isZero();
        assertThat(b.toLaunch(3, 0, 0)).isEqualTo(3);
    }

    @Test
    void fullHealthWithNoOverCapacityAllowsOneTaskOverToMakeProgress() {
        assertThat(UpgradeBounds.of(new UpgradeStrategy(1, 0), 3, 3)).isEqualTo(new UpgradeBounds(3, 4));
        assertThat(UpgradeBounds.of(new UpgradeStrategy(1, 0), 3, 2))
                .as("below the minimum already: an unhealthy old task can go instead").isEqualTo(new UpgradeBounds(3, 3));
    }

    @Test
    void minimumRoundsUpAndCapacityDownInDecimal() {
        assertThat(UpgradeBounds.of(new UpgradeStrategy(0.7, 0), 10, 10).minHealthy()).isEqualTo(7);
        assertThat(UpgradeBounds.of(new UpgradeStrategy(0.5, 0.5), 3, 3)).isEqualTo(new UpgradeBounds(2, 4));
        assertThat(UpgradeBounds.of(new UpgradeStrategy(0.1, 0.1), 1, 1)).isEqualTo(new UpgradeBounds(1, 2));
    }

    @Test
    void noInstancesNeedNoHealthyTasks() {
        UpgradeBounds b = UpgradeBounds.of(UpgradeStrategy.DEFAULT, 0, 2);

        assertThat(b.healthyToKill(2)).isEqualTo(2);
        assertThat(b.toLaunch(0, 0, 2)).isZero();
    }
}
