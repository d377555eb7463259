package io.pacer.localcluster.agent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.CommandInfo;

/**
 * Starts an executor's command in its sandbox as Mesos's posix launcher would: {@code sh -c value} when
 * {@code shell} (the default), else {@code value} run directly with {@code arguments[1..]} ({@code arguments[0]}
 * is argv[0] in Mesos, which a JVM cannot set); the sandbox as working directory; stdout and stderr to the
 * sandbox's files; exactly the given environment; in a session of its own. No cgroups: resources are not
 * enforced.
 */
final class ExecutorLauncher {
    ProcessSession launch(CommandInfo command, Sandbox sandbox, Map<String, String> environment) throws IOException {
        List<String> argv = new ArrayList<>();
        if (!command.hasShell() || command.getShell()) {
            argv.addAll(List.of("sh", "-c", command.getValue()));
        } else {
            argv.add(command.getValue());
            if (command.getArgumentsCount() > 1) {
                argv.addAll(command.getArgumentsList().subList(1, command.getArgumentsCount()));
            }
        }
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(sandbox.directory().toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(sandbox.stdout().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(sandbox.stderr().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        return ProcessSession.start(builder);
    }
}
