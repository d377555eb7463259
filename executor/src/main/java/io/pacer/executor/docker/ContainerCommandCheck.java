package io.pacer.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.pacer.executor.health.HealthProbe;
import io.pacer.executor.health.ProbeOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A COMMAND check of a container runs inside it ({@code docker exec}), as Mesos runs a docker task's command checks
 * in the container's namespaces; exit 0 is healthy. A check that outlives its timeout is killed through its pid
 * on the agent, since the engine has no call to stop an exec. Output is discarded.
 */
final class ContainerCommandCheck implements HealthProbe {
    private final DockerClient client;
    private final String containerId;
    private final List<String> argv;
    private final List<String> env;
    private final Executor waiter;

    ContainerCommandCheck(DockerClient client, String containerId, List<String> argv, Map<String, String> env, Executor waiter) {
        this.client = client;
        this.containerId = containerId;
        this.argv = List.copyOf(argv);
        this.env = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        this.waiter = waiter;
    }

    @Override
    public CompletableFuture<ProbeOutcome> check(Optional<Duration> timeout) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ProbeOutcome.unhealthy("interrupted");
            } catch (RuntimeException e) {
                return ProbeOutcome.unhealthy("cannot run the command in the container: " + DockerErrors.describe(e));
            }
        }, waiter);
    }

    private ProbeOutcome run(Optional<Duration> timeout) throws InterruptedException {
        String exec = client.execCreateCmd(containerId).withCmd(argv.toArray(String[]::new)).withEnv(env)
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        ResultCallback.Adapter<Frame> output = client.execStartCmd(exec).exec(new ResultCallback.Adapter<>());
        try {
            if (timeout.isEmpty()) {
                output.awaitCompletion();
            } else if (!output.awaitCompletion(timeout.get().toMillis(), TimeUnit.MILLISECONDS)) {
                Long pid = client.inspectExecCmd(exec).exec().getPidLong();
                if (pid != null && pid > 0) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
                return ProbeOutcome.unhealthy("timed out after " + timeout.get().toMillis() + " ms");
            }
        } finally {
            try {
                output.close();
            } catch (java.io.IOException e) {
                // the exec's stream is over either way
            }
        }
        Long code = client.inspectExecCmd(exec).exec().getExitCodeLong();
        return code != null && code == 0 ? ProbeOutcome.healthy("exit status 0")
                : ProbeOutcome.unhealthy("command exited with status " + code);
    }
}
