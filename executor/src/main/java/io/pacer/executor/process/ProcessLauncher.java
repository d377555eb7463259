package io.pacer.executor.process;

import io.pacer.executor.spec.LogRotation;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Starts a command in a session (and process group) of its own through util-linux {@code setsid}: the JVM's
 * child is not a group leader, so setsid calls setsid(2) and execs the command in the same process, and the pid
 * Java holds is the session's id. Stdin is /dev/null.
 */
public final class ProcessLauncher {
    private static final String SETSID = "/usr/bin/setsid";
    private static final File DEV_NULL = new File("/dev/null");

    /** Runs {@code argv} in {@code workDir} with exactly {@code env}; stdout/stderr go to rotating files there. */
    public RunningProcess launch(String name, List<String> argv, Path workDir, Map<String, String> env,
                                 LogRotation rotation) throws IOException {
        RotatingLogFile stdout = new RotatingLogFile(workDir.resolve("stdout"), rotation);
        RotatingLogFile stderr = new RotatingLogFile(workDir.resolve("stderr"), rotation);
        Process process;
        try {
            process = builder(argv, workDir, env).start();
        } catch (IOException e) {
            stdout.close();
            stderr.close();
            throw e;
        }
        return new RunningProcess(process, List.of(
                OutputPump.start(name + "-stdout", process.getInputStream(), stdout),
                OutputPump.start(name + "-stderr", process.getErrorStream(), stderr)));
    }

    /** Runs {@code argv} with its output discarded (command health checks). */
    public RunningProcess launchQuiet(List<String> argv, Path workDir, Map<String, String> env) throws IOException {
        Process process = builder(argv, workDir, env)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new RunningProcess(process, List.of(CompletableFuture.completedFuture(null)));
    }

    private static ProcessBuilder builder(List<String> argv, Path workDir, Map<String, String> env) {
        List<String> command = new ArrayList<>(argv.size() + 2);
        command.add(SETSID);
        command.add("--");
        command.addAll(argv);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectInput(DEV_NULL);
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder;
    }
}
