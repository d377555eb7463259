package io.pacer.executor.docker;

import io.pacer.executor.process.LogRotator;
import io.pacer.executor.workload.LaunchException;
import io.pacer.executor.workload.WorkloadLauncher;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's Docker side, made on first use so that an executor of process tasks never loads docker-java
 * (shared/reference/jvm-footprint.md). Making it removes the containers an earlier executor under the same id left
 * (it crashed, or was killed), and closing it removes this executor's own that are still there.
 */
public final class DockerSupport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerSupport.class);

    private final Map<String, String> environment;
    private final ContainerOwner owner;
    private final LogRotator rotator;
    private final Consumer<Map<String, String>> removeOnDeath;
    private ContainerLauncher launcher;
    private boolean closed;

    /**
     * {@code removeOnDeath} is told, before the first container starts, the labels of this executor's containers,
     * to remove them should the executor die without closing this (the orphan sweeper).
     */
    public DockerSupport(Map<String, String> environment, String frameworkId, String executorId, LogRotator rotator,
                         Consumer<Map<String, String>> removeOnDeath) {
        this.environment = Map.copyOf(environment);
        this.owner = new ContainerOwner(frameworkId, executorId);
        this.rotator = rotator;
        this.removeOnDeath = removeOnDeath;
    }

    /** Connects to the engine and removes earlier orphans, once; after {@link #close()}, refuses every launch. */
    public synchronized WorkloadLauncher launcher() {
        if (closed) {
            // A task that reaches its start as the executor leaves must not make the first container after the clean-up.
            return refusing(ContainerLauncher.NO_NEW_CONTAINER);
        }
        if (launcher == null) {
            DockerEngine engine;
            try {
                engine = DockerEngine.fromEnvironment(environment);
            } catch (LaunchException e) {
                return refusing(e.getMessage());
            }
            removeOrphans(engine, "left by an earlier executor");
            removeOnDeath.accept(owner.filter());
            launcher = new ContainerLauncher(engine, owner, rotator);
        }
        return launcher;
    }

    private static WorkloadLauncher refusing(String why) {
        return (task, sandbox, env, progress) -> {
            throw new LaunchException(why);
        };
    }

    private synchronized Optional<ContainerLauncher> closing() {
        closed = true;
        return Optional.ofNullable(launcher);
    }

    /** Removes every container of this executor still there; nothing when no Docker task ever ran. */
    @Override
    public void close() {
        closing().ifPresent(l -> {
            l.close(() -> removeOrphans(l.engine(), "still there as the executor leaves"));
            try {
                l.engine().close();
            } catch (IOException e) {
                LOG.debug("Closing the Docker client: {}", e.toString());
            }
        });
    }

    private void removeOrphans(DockerEngine engine, String which) {
        try {
            int removed = OrphanContainers.remove(engine.client(), owner);
            if (removed > 0) {
                LOG.info("Removed {} container(s) of executor {} {}", removed, owner.executorId(), which);
            }
        } catch (RuntimeException e) {
            // A missing engine is reported by each Docker task that needs it.
            LOG.warn("Cannot look for containers {} at {}: {}", which, engine.description(), DockerErrors.describe(e));
        }
    }
}
