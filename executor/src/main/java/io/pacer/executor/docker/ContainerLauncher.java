package io.pacer.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.pacer.executor.process.LogRotator;
import io.pacer.executor.spec.ContainerSpec;
import io.pacer.executor.spec.TaskDescription;
import io.pacer.executor.workload.LaunchException;
import io.pacer.executor.workload.Workload;
import io.pacer.executor.workload.WorkloadLauncher;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * Runs a task as a Docker container: the image made present (pulled if need be), the container created as
 * {@link ContainerRequest} says and started, its output followed into the sandbox. A container that was created
 * but could not start is removed again. Creating and starting run {@link Uninterruptible}: a kill that comes
 * meanwhile finds a container to stop, never one half made.
 */
final class ContainerLauncher implements WorkloadLauncher {
    /** Why a launch gets no container once the executor began leaving (its clean-up has run or is running). */
    static final String NO_NEW_CONTAINER = "The executor is shutting down: no new container";

    private final DockerEngine engine;
    private final ContainerOwner owner;
    private final LogRotator rotator;
    private final ImagePuller images;
    /** Launches create containers under the read lock; closing takes the write lock, so no creation slips past it. */
    private final ReadWriteLock creations = new ReentrantReadWriteLock();
    private boolean closed;

    ContainerLauncher(DockerEngine engine, ContainerOwner owner, LogRotator rotator) {
        this.engine = engine;
        this.owner = owner;
        this.rotator = rotator;
        this.images = new ImagePuller(engine.client());
    }

    DockerEngine engine() {
        return engine;
    }

    @Override
    public Workload launch(TaskDescription task, Path sandbox, Map<String, String> env, Consumer<String> progress)
            throws LaunchException, InterruptedException {
        ContainerSpec spec = task.container().orElseThrow();
        DockerClient client = engine.client();
        engine.ping();
        images.ensure(spec.image(), spec.forcePullImage(), progress);
        return Uninterruptible.call(() -> {
            creations.readLock().lock();
            try {
                if (closed) {
                    throw new LaunchException(NO_NEW_CONTAINER);
                }
                return createAndStart(task, sandbox, env, spec, client);
            } finally {
                creations.readLock().unlock();
            }
        });
    }

    /** Stops further launches once those under way have created their containers, then runs {@code cleanUp}. */
    void close(Runnable cleanUp) {
        creations.writeLock().lock();
        try {
            closed = true;
            cleanUp.run();
        } finally {
            creations.writeLock().unlock();
        }
    }

    private Workload createAndStart(TaskDescription task, Path sandbox, Map<String, String> env, ContainerSpec spec,
                                    DockerClient client) throws LaunchException {
        String name = ContainerRequest.containerName(task.taskId());
        String id;
        try {
            id = ContainerRequest.configure(client.createContainerCmd(spec.image()), task, sandbox, env, owner).exec().getId();
        } catch (RuntimeException e) {
            removeQuietly(client, name); // the engine may have made it all the same (a timeout, a lost connection)
            throw new LaunchException("Cannot create a container of image " + spec.image() + ": " + DockerErrors.describe(e), e);
        }
        Path stdout = sandbox.resolve("stdout");
        Path stderr = sandbox.resolve("stderr");
        try {
            client.startContainerCmd(id).exec();
            Optional<String> bridgeAddress = spec.network() == ContainerSpec.Network.BRIDGE ? bridgeAddress(client, id) : Optional.empty();
            ContainerLogs logs = ContainerLogs.follow(client, id, stdout, stderr);
            List<AutoCloseable> rotations = List.of(rotator.watch(stdout, task.spec().logRotation()),
                    rotator.watch(stderr, task.spec().logRotation()));
            return new RunningContainer(client, id, name, spec, bridgeAddress, logs, rotations);
        } catch (RuntimeException e) {
            removeQuietly(client, id);
            throw new LaunchException("Cannot start container " + name + " of image " + spec.image() + ": "
                    + DockerErrors.describe(e), e);
        }
    }

    private static Optional<String> bridgeAddress(DockerClient client, String id) {
        Map<String, ContainerNetwork> networks = client.inspectContainerCmd(id).exec().getNetworkSettings().getNetworks();
        return Optional.ofNullable(networks.get("bridge")).map(ContainerNetwork::getIpAddress).filter(ip -> !ip.isBlank());
    }

    /** The launch failure is what gets reported; the clean-up is best effort. */
    private static void removeQuietly(DockerClient client, String idOrName) {
        try {
            client.removeContainerCmd(idOrName).withForce(true).exec();
        } catch (RuntimeException ignored) {
            // nothing there, or the engine is gone too
        }
    }
}
