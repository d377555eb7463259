package io.pacer.localcluster.isolation;

/**
 * How the agent isolates executor containers: Mesos's {@code --isolation} (cgroups/cpu,cgroups/mem or posix/cpu,
 * posix/mem) and {@code --cgroups_enable_cfs}.
 *
 * @param mode       which isolator; {@link Mode#DEFAULT} picks cgroups where the hierarchies are writable
 * @param enableCfs  also cap each container's CPU time at its {@code cpus} with a CFS quota (Mesos: off)
 */
public record IsolationSettings(Mode mode, boolean enableCfs) {
    public enum Mode {
        /** cgroups where they are writable, else posix, saying so once at start-up. */
        DEFAULT,
        /** cgroups, or the agent does not start. */
        CGROUPS,
        /** No limits enforced: only the process tree is followed (Mesos's posix isolators). */
        POSIX
    }

    public static IsolationSettings defaults() {
        return new IsolationSettings(Mode.DEFAULT, false);
    }

    /** {@code cgroups} or {@code posix}, as the command-line flag takes it. */
    public static Mode parseMode(String value) {
        return switch (value) {
            case "cgroups" -> Mode.CGROUPS;
            case "posix" -> Mode.POSIX;
            default -> throw new IllegalArgumentException("--isolation must be cgroups or posix, was '" + value + "'");
        };
    }
}
