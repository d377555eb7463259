package io.pacer.executor.process;

import io.pacer.executor.spec.LogRotation;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a command in a session (and process group) of its own through util-linux {@code setsid}: the JVM's
 * child is not a group leader, so setsid calls setsid(2) and execs the command in the same process, and the pid
 * Java holds is the session's id. Stdin is /dev/null. A task's {@link ProcessMark}, in its environment, makes every
 * process that carries it a member of the task's {@link ProcessGroup}.
 */
public final class ProcessLauncher {
    private static final String SETSID = "/usr/bin/setsid";
    private static final File DEV_NULL = new File("/dev/null");

    private final LogRotator rotator;

    public ProcessLauncher(LogRotator rotator) {
        this.rotator = rotator;
    }

    /**
     * Runs {@code argv} in {@code workDir} with exactly {@code env}; stdout and stderr are the files
     * {@code stdout} and {@code stderr} there, opened for appending and rotated by the {@link LogRotator}.
     */
    public RunningProcess launch(List<String> argv, Path workDir, Map<String, String> env, LogRotation rotation) throws IOException {
        Path stdout = workDir.resolve("stdout");
        Path stderr = workDir.resolve("stderr");
        Process process = builder(argv, workDir, env)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
                .start();
        return new RunningProcess(process, ProcessMark.of(env), List.of(rotator.watch(stdout, rotation), rotator.watch(stderr, rotation)));
    }

    /** Runs {@code argv} with its output discarded (command health checks). */
    public RunningProcess launchQuiet(List<String> argv, Path workDir, Map<String, String> env) throws IOException {
        Process process = builder(argv, workDir, env)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        // its group is its session only: it carries its task's mark, and ending the check must not end the task
        return new RunningProcess(process, Optional.empty(), List.of());
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
