package io.pacer.localcluster.isolation;

import java.util.Set;

/**
 * Mesos's posix isolators: nothing is limited; the agent follows and kills each executor's process tree by its
 * session ({@code ProcessSession}), which a process that detaches from the tree escapes.
 */
final class PosixIsolator implements Isolator {
    private final String description;

    PosixIsolator(String description) {
        this.description = description;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public IsolatedContainer create(String containerId) {
        return IsolatedContainer.NONE;
    }

    @Override
    public IsolatedContainer recover(String containerId) {
        return IsolatedContainer.NONE;
    }

    @Override
    public int destroyOrphans(Set<String> recovered) {
        return 0;
    }

    @Override
    public void close() {
    }
}
