package io.pacer.scheduler.app;

import java.time.Instant;

/**
 * An app's version and when its configuration and its scale last changed, as Marathon keeps them
 * (state/VersionInfo.scala FullVersionInfo; shown as the app's {@code versionInfo}, types/versionInfo.raml, whose
 * descriptions of the two fields are swapped: Marathon's code, followed here, sets {@code lastScalingAt} on every
 * scale and configuration change and {@code lastConfigChangeAt} on configuration changes and restarts).
 */
public record VersionInfo(Instant version, Instant lastScalingAt, Instant lastConfigChangeAt) {

    /** A new app, or a new configuration: every field is the new version. */
    public static VersionInfo forNewConfig(Instant version) {
        return new VersionInfo(version, version, version);
    }

    public VersionInfo withScaleChange(Instant newVersion) {
        return new VersionInfo(newVersion, newVersion, lastConfigChangeAt);
    }

    public VersionInfo withRestartChange(Instant newVersion) {
        return new VersionInfo(newVersion, lastScalingAt, newVersion);
    }

    /** A change that is neither (e.g. of upgradeStrategy alone): a new version, the same history. */
    public VersionInfo withOtherChange(Instant newVersion) {
        return new VersionInfo(newVersion, lastScalingAt, lastConfigChangeAt);
    }
}
