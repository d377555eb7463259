package io.pacer.localcluster.isolation;

import io.pacer.cgroups.CgroupHierarchies;
import io.pacer.cgroups.Found;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Makes the isolated containers executors run in (Mesos's isolators, as the Mesos containerizer combines them). */
public interface Isolator extends AutoCloseable {
    /** One line for the start-up log: what is enforced, and what is not. */
    String describe();

    /** A new container for {@code containerId}, ready for its executor's process. */
    IsolatedContainer create(String containerId) throws IOException;

    /** The container an earlier run of this agent made for {@code containerId}, whose executor is being recovered. */
    IsolatedContainer recover(String containerId);

    /** Destroys the containers an earlier run of this agent left that are not in {@code recovered} (Mesos: orphans). */
    int destroyOrphans(Set<String> recovered);

    /** Removes what the isolator made for itself, once nothing runs in it. */
    @Override
    void close();

    /**
     * Picks the isolator the settings ask for, for the agent {@code agentId} (its containers' cgroups live under
     * {@code pacer/<agent id>/}, so that agents sharing a machine never touch each other's); throws when cgroups are
     * asked for and cannot be had.
     */
    static Isolator of(IsolationSettings settings, String agentId) {
        if (settings.mode() == IsolationSettings.Mode.POSIX) {
            return new PosixIsolator("isolation: posix (asked for): memory and cpu limits are not enforced");
        }
        String why;
        Found<CgroupHierarchies> found = CgroupHierarchies.detect(Path.of("/proc/self/mounts"));
        if (found.value().isPresent()) {
            try {
                return CgroupsIsolator.create(found.value().get(), agentId, settings.enableCfs());
            } catch (IOException e) {
                why = "cannot create Pacer's cgroups: " + e;
            }
        } else {
            why = found.why();
        }
        if (settings.mode() == IsolationSettings.Mode.CGROUPS) {
            throw new IllegalStateException("--isolation cgroups: " + why);
        }
        return new PosixIsolator("isolation: posix, as cgroups are not usable here (" + why
                + "): memory and cpu limits are not enforced; --isolation posix says this is intended");
    }
}
