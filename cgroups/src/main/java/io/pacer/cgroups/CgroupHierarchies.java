package io.pacer.cgroups;

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
 * cpuacct and pids are used when present.
 */
public record CgroupHierarchies(Map<String, Path> mounts) {
    static final List<String> REQUIRED = List.of("memory", "cpu", "freezer");
    static final List<String> OPTIONAL = List.of("cpuacct", "pids");

    public CgroupHierarchies {
        mounts = Map.copyOf(mounts);
    }

    public Optional<Path> mount(String subsystem) {
        return Optional.ofNullable(mounts.get(subsystem));
    }

    /** Every distinct directory (co-mounted subsystems once). */
    public Set<Path> directories() {
        return Set.copyOf(mounts.values());
    }

    /** The cgroup at {@code relative} (the same path in every hierarchy), created or not. */
    public Cgroup at(Path relative) {
        Map<String, Path> directories = new LinkedHashMap<>();
        mounts.forEach((subsystem, mount) -> directories.put(subsystem, mount.resolve(relative)));
        return new Cgroup(directories);
    }

    /** Reads the mounted hierarchies from {@code procMounts} (/proc/self/mounts). */
    public static Found<CgroupHierarchies> detect(Path procMounts) {
        List<String> lines;
        try {
            lines = Files.readAllLines(procMounts);
        } catch (IOException e) {
            return Found.none("cannot read " + procMounts + ": " + e.getMessage());
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
                return Found.none("no cgroup v1 " + subsystem + " hierarchy is mounted");
            }
        }
        return Found.of(new CgroupHierarchies(mounts));
    }

    /**
     * The cgroups this process is in ({@code procSelfCgroup}: /proc/self/cgroup, lines {@code id:subsystems:path}),
     * or why it has none of its own: a process in a hierarchy's root cgroup is in no container, and what it would
     * make there is not its own to make.
     */
    public Found<Cgroup> own(Path procSelfCgroup) {
        List<String> lines;
        try {
            lines = Files.readAllLines(procSelfCgroup);
        } catch (IOException e) {
            return Found.none("cannot read " + procSelfCgroup + ": " + e.getMessage());
        }
        Map<String, Path> directories = new LinkedHashMap<>();
        for (String line : lines) {
            String[] fields = line.split(":", 3);
            if (fields.length < 3) {
                continue;
            }
            for (String subsystem : fields[1].split(",")) {
                mount(subsystem).ifPresent(mount -> directories.put(subsystem, mount.resolve(fields[2].substring(1))));
            }
        }
        for (String subsystem : REQUIRED) {
            Path directory = directories.get(subsystem);
            if (directory == null || directory.equals(mounts.get(subsystem))) {
                return Found.none("this process is in no " + subsystem + " cgroup of its own");
            }
            if (!Files.isDirectory(directory)) {
                return Found.none("its " + subsystem + " cgroup " + directory + " is not visible here");
            }
        }
        return Found.of(new Cgroup(directories));
    }
}
