package io.pacer.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a pid still runs. A zombie does not: it is dead and only waits for init to reap it (ProcessHandle says alive). */
public final class LiveProcesses {
    private LiveProcesses() {
    }

    public static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
