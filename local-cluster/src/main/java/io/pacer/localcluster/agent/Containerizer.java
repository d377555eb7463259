package io.pacer.localcluster.agent;

import io.pacer.localcluster.isolation.Isolator;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.CommandInfo;

/**
 * Starts executor containers and finds them again after a restart, as Mesos's containerizer does for its agent
 * (src/slave/containerizer/mesos). A container here is a process session in a sandbox: the sandbox is created,
 * the executor's URIs fetched into it, and the command started there as Mesos's posix launcher would, with
 * {@code sh -c value} when {@code shell} (the default), else {@code value} run directly with
 * {@code arguments[1..]} ({@code arguments[0]} is argv[0] in Mesos, which a JVM cannot set); stdout and stderr
 * go to the sandbox's files, the environment is exactly {@link ExecutorEnvironment}'s. The {@link Isolator} makes
 * the container the process starts in (cgroups, or nothing under posix) and sets its limits before it starts.
 */
final class Containerizer {
    private final ExecutorFetcher fetcher;
    private final ExecutorEnvironment.AgentSide agentSide;
    private final AgentCheckpoint checkpoint;
    private final Isolator isolator;

    Containerizer(ExecutorFetcher fetcher, ExecutorEnvironment.AgentSide agentSide, AgentCheckpoint checkpoint, Isolator isolator) {
        this.fetcher = fetcher;
        this.agentSide = agentSide;
        this.checkpoint = checkpoint;
        this.isolator = isolator;
    }

    /** Launches the run's executor; with {@code checkpointing}, its info and process are checkpointed for recovery. */
    ProcessSession launch(ExecutorRun run, boolean checkpointing) throws IOException {
        run.sandbox.create();
        if (checkpointing) {
            checkpoint.writeExecutor(agentSide.agentId(), run.info);
        }
        fetcher.fetch(run.info.getCommand().getUrisList(), run.sandbox);
        run.container = isolator.create(run.containerId.getValue());
        run.updateLimits();
        ProcessBuilder builder = new ProcessBuilder(run.container.wrap(argv(run.info.getCommand())))
                .directory(run.sandbox.directory().toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(run.sandbox.stdout().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(run.sandbox.stderr().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(ExecutorEnvironment.of(agentSide, run.info, run.containerId, run.sandbox, checkpointing));
        ProcessSession process = ProcessSession.start(builder);
        if (checkpointing) {
            checkpoint.writePid(agentSide.agentId(), run, process);
        }
        return process;
    }

    /**
     * The process of a checkpointed run, if it is still the one that was launched and still alive; the run gets its
     * container back too (a dead one's is destroyed as an orphan, see {@link #destroyOrphans}).
     */
    Optional<ProcessSession> recover(AgentCheckpoint.RecoveredRun recovered, ExecutorRun run) {
        if (recovered.terminated()) {
            return Optional.empty();
        }
        Optional<ProcessSession> alive = recovered.process().flatMap(p -> ProcessSession.reattach(p.pid(), p.started()));
        alive.ifPresent(p -> run.container = isolator.recover(run.containerId.getValue()));
        return alive;
    }

    /** Destroys the containers of this agent's earlier runs whose executors were not recovered alive. */
    int destroyOrphans(Set<String> recoveredContainers) {
        return isolator.destroyOrphans(recoveredContainers);
    }

    private static List<String> argv(CommandInfo command) {
        List<String> argv = new ArrayList<>();
        if (!command.hasShell() || command.getShell()) {
            argv.addAll(List.of("sh", "-c", command.getValue()));
        } else {
            argv.add(command.getValue());
            if (command.getArgumentsCount() > 1) {
                argv.addAll(command.getArgumentsList().subList(1, command.getArgumentsCount()));
            }
        }
        return argv;
    }
}
