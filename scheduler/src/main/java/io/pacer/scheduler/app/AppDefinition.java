package io.pacer.scheduler.app;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An app as a user defined it, validated; Marathon's App (docs/docs/rest-api/public/api/v2/types/app.raml) for the
 * fields Pacer supports, with Marathon's defaults applied. Immutable: an update makes a new version. Its
 * {@code dependencies} are absolute ids of apps or groups that must be deployed before it.
 */
public record AppDefinition(
        AppId id,
        Optional<String> cmd,
        List<String> args,
        double cpus,
        double mem,
        double disk,
        int instances,
        Map<String, String> env,
        Map<String, String> labels,
        List<FetchUri> fetch,
        Optional<ContainerSpec> container,
        List<PortDefinition> portDefinitions,
        boolean requirePorts,
        List<HealthCheckSpec> healthChecks,
        int backoffSeconds,
        double backoffFactor,
        int maxLaunchDelaySeconds,
        List<Constraint> constraints,
        KillSelection killSelection,
        Optional<Integer> taskKillGracePeriodSeconds,
        Optional<String> user,
        UpgradeStrategy upgradeStrategy,
        List<ReadinessCheckSpec> readinessChecks,
        Set<AppId> dependencies,
        VersionInfo versionInfo) {

    // Marathon's defaults (types/app.raml, types/healthCheck.raml).
    public static final double DEFAULT_CPUS = 1;
    public static final double DEFAULT_MEM = 128;
    public static final int DEFAULT_BACKOFF_SECONDS = 1;
    public static final double DEFAULT_BACKOFF_FACTOR = 1.15;
    public static final int DEFAULT_MAX_LAUNCH_DELAY_SECONDS = 300;

    public AppDefinition {
        args = List.copyOf(args);
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
        fetch = List.copyOf(fetch);
        portDefinitions = List.copyOf(portDefinitions);
        healthChecks = List.copyOf(healthChecks);
        constraints = List.copyOf(constraints);
        readinessChecks = List.copyOf(readinessChecks);
        dependencies = Set.copyOf(dependencies);
    }

    public AppDefinition withInstances(int n) {
        return new AppDefinition(id, cmd, args, cpus, mem, disk, n, env, labels, fetch, container, portDefinitions,
                requirePorts, healthChecks, backoffSeconds, backoffFactor, maxLaunchDelaySeconds, constraints,
                killSelection, taskKillGracePeriodSeconds, user, upgradeStrategy, readinessChecks, dependencies, versionInfo);
    }

    public AppDefinition withPortDefinitions(List<PortDefinition> ports) {
        return new AppDefinition(id, cmd, args, cpus, mem, disk, instances, env, labels, fetch, container, ports,
                requirePorts, healthChecks, backoffSeconds, backoffFactor, maxLaunchDelaySeconds, constraints,
                killSelection, taskKillGracePeriodSeconds, user, upgradeStrategy, readinessChecks, dependencies, versionInfo);
    }

    public AppDefinition withVersionInfo(VersionInfo v) {
        return new AppDefinition(id, cmd, args, cpus, mem, disk, instances, env, labels, fetch, container,
                portDefinitions, requirePorts, healthChecks, backoffSeconds, backoffFactor, maxLaunchDelaySeconds,
                constraints, killSelection, taskKillGracePeriodSeconds, user, upgradeStrategy, readinessChecks, dependencies, v);
    }

    /** This definition's version: when it was stored (Marathon's {@code version}). */
    public Instant version() {
        return versionInfo.version();
    }
}
