package io.pacer.localcluster.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The machine's cgroup v1 hierarchies Pacer uses, by subsystem, as /proc/self/mounts lists them (a subsystem
 * co-mounted with another, as {@code cpu,cpuacct}, shares its directory). memory, cpu and freezer are required;
 * cpuacct and pids are used when present. Pacer's cgroups go under {@value #ROOT} in each, never elsewhere.
 */
public record CgroupHierarchies(Map<String, Path> mounts) {
    public static final String ROOT = "pacer";
    static final List<String> REQUIRED = List.of("memory", "cpu", "freezer");
    static final List<String> OPTIONAL = List.of("cpuacct", "pids");

    public CgroupHierarchies {
        mounts = Map.copyOf(mounts);
    }

    /** What was found: the hierarchies, or why not. */
    public record Found(Optional<CgroupHierarchies> hierarchies, String why) {
    }

    public Optional<Path> mount(String subsystem) {
        return Optional.ofNullable(mounts.get(subsystem));
    }

    /** Every distinct directory (co-mounted subsystems once). */
    Set<Path> directories() {
        return Set.copyOf(mounts.values());
    }

    static Found detect(Path procMounts) {
        List<String> lines;
        try {
            lines = Files.readAllLines(procMounts);
        } catch (IOException e) {
            return new Found(Optional.empty(), "cannot read " + procMounts + ": " + e.getMessage());
        }
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (String line : lines) {
            String[] fields = line.split(" ");
            if (fields.length < 4 || !fields[2].equals("cgroup")) {
                continue;
            }
            for (String option : fields[3].split(",")) {
                if (REQUIRED.contains(option) || OPTIONAL.contains(option)) {
                    mounts.putIfAbsent(option, Path.of(fields[1]));
                }
            }
        }
        for (String subsystem : REQUIRED) {
            if (!mounts.containsKey(subsystem)) {
                return new Found(Optional.empty(), "no cgroup v1 " + subsystem + " hierarchy is mounted");
            }
        }
        for (Path directory : Set.copyOf(mounts.values())) {
            Path root = directory.resolve(ROOT);
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                return new Found(Optional.empty(), "cannot create " + root + ": " + e);
            }
        }
        return new Found(Optional.of(new CgroupHierarchies(mounts)), "");
    }
}
