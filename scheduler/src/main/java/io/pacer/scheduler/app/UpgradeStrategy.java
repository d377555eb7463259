package io.pacer.scheduler.app;

/**
 * How a deployment may replace an app's tasks (Marathon's types/upgradeStrategy.raml): at least
 * {@code minimumHealthCapacity × instances} tasks stay healthy, and at most {@code (1 + maximumOverCapacity) ×
 * instances} run. Both are fractions of 0..1; Marathon's defaults are 1 and 1.
 */
public record UpgradeStrategy(double minimumHealthCapacity, double maximumOverCapacity) {
    public static final UpgradeStrategy DEFAULT = new UpgradeStrategy(1, 1);

    public UpgradeStrategy {
        if (!(minimumHealthCapacity >= 0 && minimumHealthCapacity <= 1 && maximumOverCapacity >= 0 && maximumOverCapacity <= 1)) {
            throw new IllegalArgumentException("upgradeStrategy fractions must be within 0..1");
        }
    }
}
