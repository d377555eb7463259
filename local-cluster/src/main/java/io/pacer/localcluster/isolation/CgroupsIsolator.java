package io.pacer.localcluster.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Mesos's cgroups/mem and cgroups/cpu isolators with the Linux launcher's freezer: every executor container has
 * its own cgroups under {@code pacer/<agent id>/}, limited to its resources, and its destruction kills all it holds.
 */
final class CgroupsIsolator implements Isolator {
    private final CgroupHierarchies hierarchies;
    private final String agentId;
    private final boolean enableCfs;

    CgroupsIsolator(CgroupHierarchies hierarchies, String agentId, boolean enableCfs) {
        this.hierarchies = hierarchies;
        this.agentId = agentId;
        this.enableCfs = enableCfs;
    }

    @Override
    public String describe() {
        return "isolation: cgroups (" + String.join(", ", hierarchies.mounts().keySet()) + ", under "
                + CgroupHierarchies.ROOT + "/" + agentId + "): each executor container is limited to its executor's and tasks'"
                + " mem, gets cpu.shares of 1024 per cpu" + (enableCfs ? " and a CFS quota of its cpus" : " (no CFS quota: --cgroups-enable-cfs)")
                + ", and is destroyed with all its processes";
    }

    @Override
    public IsolatedContainer create(String containerId) throws IOException {
        CgroupContainer container = CgroupContainer.at(hierarchies, agentId, containerId, enableCfs);
        container.create();
        return container;
    }

    @Override
    public IsolatedContainer recover(String containerId) {
        return CgroupContainer.at(hierarchies, agentId, containerId, enableCfs);
    }

    @Override
    public int destroyOrphans(Set<String> recovered) {
        List<String> orphans = containerIds().stream().filter(id -> !recovered.contains(id)).toList();
        orphans.forEach(id -> recover(id).destroy());
        return orphans.size();
    }

    private List<String> containerIds() {
        Path agentRoot = hierarchies.mount("freezer").orElseThrow().resolve(CgroupHierarchies.ROOT).resolve(agentId);
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
            Path root = directory.resolve(CgroupHierarchies.ROOT);
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
