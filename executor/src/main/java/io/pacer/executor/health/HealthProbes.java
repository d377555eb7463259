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

    public HealthProbe forTask(HealthCheckSpec.Probe probe, Path sandbox, Map<String, String> taskEnvironment) {
        if (probe instanceof HealthCheckSpec.Http http) {
            return new HttpHealthCheck(loop, http);
        }
        if (probe instanceof HealthCheckSpec.Tcp tcp) {
            return new TcpHealthCheck(loop, tcp);
        }
        HealthCheckSpec.Command command = (HealthCheckSpec.Command) probe;
        Map<String, String> env = new HashMap<>(taskEnvironment);
        env.putAll(command.env());
        return new CommandHealthCheck(launcher, command.command().argv(), sandbox, env, commandWaiter);
    }
}
