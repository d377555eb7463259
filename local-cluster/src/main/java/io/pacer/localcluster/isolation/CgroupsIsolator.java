package io.pacer.localcluster.isolation;

import io.pacer.cgroups.CgroupHierarchies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Mesos's cgroups/mem and cgroups/cpu isolators with the Linux launcher's freezer: every executor container has
 * its own cgroups under {@code pacer/<agent id>/}, limited to its resources, and its destruction kills all it holds.
 */
final class CgroupsIsolator implements Isolator {
    /** Pacer's cgroups go under this in each hierarchy, never elsewhere. */
    static final String ROOT = "pacer";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]+");

    private final CgroupHierarchies hierarchies;
    private final String agentId;
    private final boolean enableCfs;

    private CgroupsIsolator(CgroupHierarchies hierarchies, String agentId, boolean enableCfs) {
        this.hierarchies = hierarchies;
        this.agentId = agentId;
        this.enableCfs = enableCfs;
    }

    /** The isolator, once Pacer's root cgroups exist in every hierarchy; throws when they cannot be made. */
    static CgroupsIsolator create(CgroupHierarchies hierarchies, String agentId, boolean enableCfs) throws IOException {
        if (!SAFE_ID.matcher(agentId).matches()) {
            throw new IllegalArgumentException("not usable in a cgroup path: '" + agentId + "'");
        }
        for (Path directory : hierarchies.directories()) {
            Files.createDirectories(directory.resolve(ROOT));
        }
        return new CgroupsIsolator(hierarchies, agentId, enableCfs);
    }

    @Override
    public String describe() {
        return "isolation: cgroups (" + String.join(", ", hierarchies.mounts().keySet()) + ", under "
                + ROOT + "/" + agentId + "): each executor container is limited to its executor's and tasks'"
                + " mem, gets cpu.shares of 1024 per cpu" + (enableCfs ? " and a CFS quota of its cpus" : " (no CFS quota: --cgroups-enable-cfs)")
                + ", and is destroyed with all its processes";
    }

    @Override
    public IsolatedContainer create(String containerId) throws IOException {
        CgroupContainer container = container(containerId);
        container.create();
        return container;
    }

    @Override
    public IsolatedContainer recover(String containerId) {
        return container(containerId);
    }

    private CgroupContainer container(String containerId) {
        if (!SAFE_ID.matcher(containerId).matches()) {
            throw new IllegalArgumentException("not usable in a cgroup path: '" + containerId + "'");
        }
        return new CgroupContainer(hierarchies.at(Path.of(ROOT, agentId, containerId)), enableCfs);
    }

    @Override
    public int destroyOrphans(Set<String> recovered) {
        List<String> orphans = containerIds().stream().filter(id -> !recovered.contains(id)).toList();
        orphans.forEach(id -> recover(id).destroy());
        return orphans.size();
    }

    private List<String> containerIds() {
        Path agentRoot = hierarchies.mount("freezer").orElseThrow().resolve(ROOT).resolve(agentId);
        if (!Files.isDirectory(agentRoot)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(agentRoot)) {
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Removes this agent's folder of cgroups, and Pacer's root, where nothing else is left in them. */
    @Override
    public void close() {
        for (Path directory : hierarchies.directories()) {
            Path root = directory.resolve(ROOT);
            for (Path cgroup : List.of(root.resolve(agentId), root)) {
                try {
                    Files.deleteIfExists(cgroup);
                } catch (IOException e) {
                    // still in use: by a container that outlives this agent, or by another agent
                }
            }
        }
    }
}
