package io.pacer.executor.process;

/**
 * How a task's process or container ended, as Java or the engine reports it: the exit code, or 128 + the signal
 * number when a signal killed it (the JDK's convention, the same as a shell's; a process that itself exits with 137
 * looks the same).
 *
 * @param memoryLimitExceeded the kernel killed it for passing its memory limit (a container's {@code OOMKilled})
 */
public record ExitStatus(int code, boolean memoryLimitExceeded) {
    private static final String[] SIGNALS = {"", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
            "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"};

    public ExitStatus(int code) {
        this(code, false);
    }

    public boolean succeeded() {
        return code == 0 && !memoryLimitExceeded;
    }

    /** Like Mesos's WSTRINGIFY: "exited with status 3", "terminated with signal SIGKILL". */
    public String describe() {
        int signal = code - 128;
        String how = signal > 0 && signal < SIGNALS.length
                ? "terminated with signal " + SIGNALS[signal] + " (status " + code + ")"
                : "exited with status " + code;
        return memoryLimitExceeded ? how + " after passing its memory limit" : how;
    }
}
