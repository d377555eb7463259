package io.pacer.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.WaitResponse;
import io.pacer.cgroups.MemoryLimitation;
import io.pacer.executor.health.HealthCheckSpec;
import io.pacer.executor.health.HealthProbe;
import io.pacer.executor.health.HealthProbes;
import io.pacer.executor.process.ExitStatus;
import io.pacer.executor.spec.ContainerSpec;
import io.pacer.executor.workload.Workload;
import io.pacer.executor.workload.WorkloadUsage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started container. It ends through the engine: {@code docker stop} with the grace period (the container's stop
 * signal, then SIGKILL), and once it has exited its output is drained into the sandbox and the container removed.
 */
final class RunningContainer implements Workload {
    private static final Logger LOG = LoggerFactory.getLogger(RunningContainer.class);
    private static final Duration LOG_DRAIN = Duration.ofSeconds(5);
    private static final Duration OOM_FLAG_WAIT = Duration.ofSeconds(2);
    private static final long SIGKILLED = 128 + 9;

    private final DockerClient client;
    private final String id;
    private final String name;
    private final ContainerSpec spec;
    private final Optional<String> bridgeAddress;
    private final ContainerLogs logs;
    private final List<AutoCloseable> logRotations;
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private ExitStatus finished;
    /** Set before Pacer stops the container, whose SIGKILL is then Pacer's, not the OOM killer's. */
    private volatile boolean stopping;

    RunningContainer(DockerClient client, String id, String name, ContainerSpec spec, Optional<String> bridgeAddress,
                     ContainerLogs logs, List<AutoCloseable> logRotations) {
        this.client = client;
        this.id = id;
        this.name = name;
        this.spec = spec;
        this.bridgeAddress = bridgeAddress;
        this.logs = logs;
        this.logRotations = List.copyOf(logRotations);
        client.waitContainerCmd(id).exec(new ResultCallback.Adapter<WaitResponse>() {
            @Override
            public void onNext(WaitResponse response) {
                exited.complete(response.getStatusCode());
            }

            @Override
            public void onError(Throwable error) {
                LOG.warn("Lost the wait for container {}: {}", name, DockerErrors.describe(error));
                exited.complete(null); // finish() asks the engine how it ended
            }
        });
    }

    @Override
    public String describe() {
        return "container " + name + " (" + id.substring(0, 12) + ")";
    }

    @Override
    public CompletableFuture<?> exited() {
        return exited;
    }

    @Override
    public ExitStatus stop(Duration gracePeriod) throws InterruptedException {
        // The engine counts whole seconds; Mesos's Docker::stop (src/docker/docker.cpp) truncates, and so do we, so
        // that a stop never outlasts the time it was given (a SHUTDOWN's kills must end before the agent's deadline).
        int seconds = (int) Math.min(Integer.MAX_VALUE, gracePeriod.toSeconds());
        stopping = true;
        try {
            client.stopContainerCmd(id).withTimeout(seconds).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // already stopped, or already gone
        }
        return finish();
    }

    @Override
    public synchronized ExitStatus finish() throws InterruptedException {
        if (finished != null) {
            return finished;
        }
        finished = Uninterruptible.call(this::drainAndRemove);
        return finished;
    }

    /**
     * The container as inspected once its OOMKilled flag can be trusted. The engine sets the flag from the runtime's
     * OOM event, which may reach it after the exit itself (seen on a freshly started engine: a container killed by
     * the OOM killer, exit 137, inspected with OOMKilled false); so a container with a memory limit that was SIGKILLed
     * while Pacer was not stopping it is inspected again for a short while before its end is taken as not memory's doing.
     */
    private InspectContainerResponse awaitOomFlag(InspectContainerResponse inspected) throws InterruptedException {
        long deadline = System.nanoTime() + OOM_FLAG_WAIT.toNanos();
        InspectContainerResponse latest = inspected;
        while (!stopping && Long.valueOf(SIGKILLED).equals(latest.getState().getExitCodeLong()) && !Boolean.TRUE.equals(latest.getState().getOOMKilled())
                && latest.getHostConfig().getMemory() != null && latest.getHostConfig().getMemory() > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            latest = client.inspectContainerCmd(id).exec();
        }
        return latest;
    }

    private ExitStatus drainAndRemove() throws InterruptedException {
        ExitStatus status;
        try {
            InspectContainerResponse inspected = client.inspectContainerCmd(id).exec();
            if (Boolean.TRUE.equals(inspected.getState().getRunning())) {
                client.killContainerCmd(id).exec();
                inspected = client.inspectContainerCmd(id).exec();
            }
            inspected = awaitOomFlag(inspected);
            InspectContainerResponse.ContainerState state = inspected.getState();
            // The engine keeps no peak usage of an ended container: the limitation says the limit alone.
            status = new ExitStatus(state.getExitCodeLong().intValue(), Boolean.TRUE.equals(state.getOOMKilled())
                    ? Optional.of(new MemoryLimitation(inspected.getHostConfig().getMemory(), OptionalLong.empty(), ""))
                    : Optional.empty());
        } catch (NotFoundException e) {
            Integer code = exited.getNow(null);
            if (code == null) {
                throw new IllegalStateException(describe() + " was removed by someone else before it could be inspected", e);
            }
            status = new ExitStatus(code);
        }
        logs.drain(LOG_DRAIN);
        for (AutoCloseable rotation : logRotations) {
            try {
                rotation.close();
            } catch (Exception e) {
                LOG.warn("Ending log rotation for {}: {}", describe(), e.toString());
            }
        }
        remove();
        return status;
    }

    @Override
    public void killNow() {
        try {
            client.killContainerCmd(id).exec();
        } catch (RuntimeException e) {
            LOG.debug("Kill of {}: {}", describe(), DockerErrors.describe(e));
        }
    }

    /** Not read: the engine's stats call samples for a second or more each time ({@code docker stats} shows it). */
    @Override
    public Optional<WorkloadUsage> usage() {
        return Optional.empty();
    }

    /**
     * Network checks of a BRIDGE container go to its own address, at the container port a checked host port is
     * mapped to; with HOST networking the container's ports are the agent's. Command checks run inside it.
     */
    @Override
    public HealthProbe probe(HealthCheckSpec.Probe probe, HealthProbes probes) {
        if (probe instanceof HealthCheckSpec.NetworkProbe network) {
            return probes.network(bridgeAddress
                    .map(address -> network.at(address, spec.containerPortFor(network.port()).orElse(network.port())))
                    .orElse(network));
        }
        HealthCheckSpec.Command command = (HealthCheckSpec.Command) probe;
        return new ContainerCommandCheck(client, id, command.command().argv(), command.env(), probes.commandWaiter());
    }

    private void remove() {
        try {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            LOG.warn("Cannot remove {}: {}", describe(), DockerErrors.describe(e));
        }
    }
}
