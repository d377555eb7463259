package io.pacer.executor.process;

/**
 * How a task's process ended, as Java reports it: the exit code, or 128 + the signal number when a signal
 * killed it (the JDK's convention, the same as a shell's; a process that itself exits with 137 looks the same).
 */
public record ExitStatus(int code) {
    private static final String[] SIGNALS = {"", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
            "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"};

    public boolean succeeded() {
        return code == 0;
    }

    /** Like Mesos's WSTRINGIFY: "exited with status 3", "terminated with signal SIGKILL". */
    public String describe() {
        int signal = code - 128;
        if (signal > 0 && signal < SIGNALS.length) {
            return "terminated with signal " + SIGNALS[signal] + " (status " + code + ")";
        }
        return "exited with status " + code;
    }
}
