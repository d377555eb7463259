package io.pacer.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Processes still running from a folder (their working directory or command line is inside it). */
final class LeftoverProcesses {
    private LeftoverProcesses() {
    }

    static List<String> under(Path folder) {
        String prefix = folder.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> cwd(p).startsWith(prefix) || p.info().commandLine().orElse("").contains(prefix))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList();
    }

    /** Whether {@code pid} runs: a zombie does not (it only waits for init to reap it, which here takes up to ~2 s). */
    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    private static String cwd(ProcessHandle p) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return ""; // gone, or not ours to read
        }
    }
}
