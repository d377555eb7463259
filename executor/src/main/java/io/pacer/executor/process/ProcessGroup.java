package io.pacer.executor.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The processes of one task: the session its leader created with setsid, found through field 6 ({@code session})
 * of {@code /proc/<pid>/stat}, and every process that carries the task's {@link ProcessMark}. A session catches
 * children that moved to a process group of their own, and orphans re-parented to init, which a plain
 * process-group kill would miss; the mark also catches those that started a session of their own (a daemon's
 * double fork and setsid). Zombies are not counted: they are already dead and only wait for their new parent to
 * reap them.
 */
public final class ProcessGroup {
    private static final Path PROC = Path.of("/proc");

    private final long sessionId;
    private final Optional<ProcessMark> mark;

    public ProcessGroup(long sessionId, Optional<ProcessMark> mark) {
        this.sessionId = sessionId;
        this.mark = mark;
    }

    public long sessionId() {
        return sessionId;
    }

    /** The live members now, the leader included while it lives. */
    public List<Long> members() {
        List<Long> members = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, p -> isNumeric(p.getFileName().toString()))) {
            for (Path entry : entries) {
                if (isMember(entry)) {
                    members.add(Long.parseLong(entry.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return members;
    }

    private boolean isMember(Path procEntry) {
        Optional<Stat> stat = stat(procEntry);
        if (stat.isEmpty() || stat.get().isDead()) {
            return false;
        }
        return stat.get().session() == sessionId || mark.map(m -> m.isCarriedBy(procEntry)).orElse(false);
    }

    public boolean isEmpty() {
        return members().isEmpty();
    }

    /** SIGTERM to every member. */
    public void terminate() {
        members().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
    }

    /** SIGKILL to every member. */
    public void kill() {
        members().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private static Optional<Stat> stat(Path procEntry) {
        String text;
        try {
            text = Files.readString(procEntry.resolve("stat"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the process ended while we looked
        }
        // The command name (field 2) is in parentheses and may contain spaces or ')': parse after the last ')'.
        int close = text.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        String[] fields = text.substring(close + 2).split(" ");
        // fields[0] = state (field 3), fields[3] = session (field 6)
        return Optional.of(new Stat(fields[0].charAt(0), Long.parseLong(fields[3])));
    }

    private static boolean isNumeric(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    private record Stat(char state, long session) {
        boolean isDead() {
            return state == 'Z' || state == 'X';
        }
    }
}
