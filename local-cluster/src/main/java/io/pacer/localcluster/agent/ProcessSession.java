package io.pacer.localcluster.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * An executor's process, started by {@code setsid} as the leader of a session (and process group) of its own, so
 * that the whole tree it forks can be killed as Mesos's posix launcher kills a container
 * (src/slave/containerizer/mesos/launcher.cpp): members are found by session id in {@code /proc}, which also
 * catches children that moved to another process group.
 */
public final class ProcessSession {
    private final long sessionId;
    private final ProcessHandle leader;
    private final Process child;

    private ProcessSession(long sessionId, ProcessHandle leader, Process child) {
        this.sessionId = sessionId;
        this.leader = leader;
        this.child = child;
    }

    /** Runs {@code command} via setsid; as the JVM's child is not a group leader, setsid execs in place and pid = sid. */
    public static ProcessSession start(ProcessBuilder builder) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.addAll(builder.command());
        Process process = builder.command(command).start();
        return new ProcessSession(process.pid(), process.toHandle(), process);
    }

    /**
     * A session that survived a restart of the local cluster; its exit status cannot be learnt any more. The start
     * time must match the one recorded at launch, so that a recycled pid is never taken for the executor.
     */
    public static Optional<ProcessSession> reattach(long pid, Instant started) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().map(started::equals).orElse(false))
                .map(h -> new ProcessSession(pid, h, null));
    }

    public long pid() {
        return sessionId;
    }

    /** When the session's leader started, as the kernel tells it; recorded to recognise the process later. */
    public Optional<Instant> startTime() {
        return leader.info().startInstant();
    }

    /** Completes with the leader's raw wait status when it is known (only for a process this JVM started). */
    public CompletableFuture<OptionalInt> onExit() {
        if (child != null) {
            return child.onExit().thenApply(p -> OptionalInt.of(waitStatus(p.exitValue())));
        }
        return leader.onExit().thenApply(h -> OptionalInt.empty());
    }

    /**
     * SIGKILLs every process of the session and every descendant of one: an executor's tasks run in sessions of
     * their own, yet are its children. The whole tree is collected before anything dies, so that nothing is
     * re-parented out of reach first. (A process that detached from the tree escapes; cgroups catch those.)
     */
    public void kill() {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        // the leader by its handle too: just after start it may not have called setsid() yet, so no scan finds it
        List<ProcessHandle> roots = new ArrayList<>(members());
        roots.add(leader);
        for (ProcessHandle member : roots) {
            tree.add(member);
            member.descendants().forEach(tree::add);
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    /** The live processes of the session, leader included. */
    public List<ProcessHandle> members() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .filter(pid -> sessionOf(pid) == sessionId)
                    .map(pid -> ProcessHandle.of(Long.parseLong(pid)))
                    .flatMap(Optional::stream)
                    .toList();
        } catch (IOException e) {
            return leader.isAlive() ? List.of(leader) : List.of();
        }
    }

    /** Field 6 of /proc/PID/stat, counted after the command name, which may itself contain spaces and parentheses. */
    private static long sessionOf(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[3]);
        } catch (IOException | RuntimeException e) {
            return -1; // gone meanwhile
        }
    }

    /**
     * Java reports a signalled process as 128 + signal (as a shell would); Mesos reports the raw wait status,
     * e.g. 768 for exit code 3 and 9 for SIGKILL. An exit code above 128 is therefore read as a signal.
     */
    static int waitStatus(int javaExitValue) {
        if (javaExitValue > 128 && javaExitValue < 128 + 65) {
            return javaExitValue - 128;
        }
        return (javaExitValue & 0xff) << 8;
    }
}
