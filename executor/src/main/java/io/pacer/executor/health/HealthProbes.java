package io.pacer.executor.health;

import io.pacer.executor.process.ProcessLauncher;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/** Makes the probe a task's health check asks for, sharing one event loop and one command waiter. */
public final class HealthProbes {
    private final CheckEventLoop loop;
    private final ProcessLauncher launcher;
    private final Executor commandWaiter;

    public HealthProbes(CheckEventLoop loop, ProcessLauncher launcher, Executor commandWaiter) {
        this.loop = loop;
        this.launcher = launcher;
        this.commandWaiter = commandWaiter;
    }

    public CheckEventLoop loop() {
        return loop;
    }

    /** Runs the blocking parts of command checks (forks, waits), off the event loop. */
    public Executor commandWaiter() {
        return commandWaiter;
    }

    /** An HTTP(S) or TCP check of the probe's address. */
    public HealthProbe network(HealthCheckSpec.NetworkProbe probe) {
        if (probe instanceof HealthCheckSpec.Http http) {
            return new HttpHealthCheck(loop, http);
        }
        return new TcpHealthCheck(loop, (HealthCheckSpec.Tcp) probe);
    }

    /** A command check run on the agent, in the task's sandbox, with the task's environment plus the check's own. */
    public HealthProbe command(HealthCheckSpec.Command command, Path sandbox, Map<String, String> taskEnvironment) {
        Map<String, String> env = new HashMap<>(taskEnvironment);
        env.putAll(command.env());
        return new CommandHealthCheck(launcher, command.command().argv(), sandbox, env, commandWaiter);
    }
}
