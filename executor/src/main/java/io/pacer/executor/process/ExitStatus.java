package io.pacer.executor.process;

import io.pacer.cgroups.MemoryLimitation;
import java.util.Optional;

/**
 * How a task's process or container ended, as Java or the engine reports it: the exit code, or 128 + the signal
 * number when a signal killed it (the JDK's convention, the same as a shell's; a process that itself exits with 137
 * looks the same).
 *
 * @param memoryLimitation the kernel's OOM killer struck in it for passing its memory limit (a task cgroup's
 *                         {@code oom_kill}, a container's {@code OOMKilled})
 */
public record ExitStatus(int code, Optional<MemoryLimitation> memoryLimitation) {
    private static final String[] SIGNALS = {"", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
            "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"};

    public ExitStatus(int code) {
        this(code, Optional.empty());
    }

    public ExitStatus withMemoryLimitation(Optional<MemoryLimitation> limitation) {
        return new ExitStatus(code, limitation);
    }

    public boolean succeeded() {
        return code == 0 && memoryLimitation.isEmpty();
    }

    /** Like Mesos's WSTRINGIFY: "exited with status 3", "terminated with signal SIGKILL". */
    public String describe() {
        int signal = code - 128;
        String how = signal > 0 && signal < SIGNALS.length
                ? "terminated with signal " + SIGNALS[signal] + " (status " + code + ")"
                : "exited with status " + code;
        return memoryLimitation.isPresent() ? how + " after passing its memory limit" : how;
    }
}
