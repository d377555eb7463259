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

    private static String cwd(ProcessHandle p) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return ""; // gone, or not ours to read
        }
    }
}
