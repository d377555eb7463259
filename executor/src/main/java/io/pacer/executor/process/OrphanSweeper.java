package io.pacer.executor.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the processes of this executor's tasks die with the executor, however it dies ({@code kill -9} included),
 * where no cgroup does it: under Mesos's posix launcher the agent's destroy follows only the executor's process
 * tree, and a task in a session of its own, re-parented to init when the executor died, would run on beside its
 * replacement.
 *
 * <p>The sweeper is a small shell process in a session of its own, whose stdin is a pipe this JVM holds and never
 * writes. When the JVM ends, the kernel closes the pipe; the sweeper reads end-of-file and SIGKILLs every process
 * that carries one of this executor's {@link ProcessMark}s, in rounds until none is left (a process forking
 * meanwhile is caught in the next). The kernel closes the pipe on any death of the JVM, and the JVM's children
 * never hold its write end (the JDK closes every other descriptor in a child), so no death goes unnoticed; the
 * mark is in each task's environment before its process starts, so no task is missed. A process started with
 * another environment than the one it inherited escapes (docs/executor.md, "When the executor dies"). Docker
 * containers are not the executor's processes: once told their labels, it removes them too.
 */
public final class OrphanSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweeper.class);
    private static final int ROUNDS = 20;
    private static final Pattern SHELL_WORD = Pattern.compile("[A-Za-z0-9._:/@+-]*");
    /**
     * $1: the marks' common prefix as a grep pattern. Reads lines until end-of-file; a line {@code containers K=V ...}
     * names the labels of this executor's Docker containers, which it then removes too (where a docker CLI is).
     * Prints what it killed and removed on the executor's stderr.
     */
    private static final String SCRIPT = """
            pattern=$1
            labels=''
            while read -r kind rest; do
              [ "$kind" = containers ] && labels=$rest
            done
            killed=''
            round=0
            while [ "$round" -lt %d ]; do
              found=$(grep -lsz -e "$pattern" /proc/[0-9]*/environ)
              [ -z "$found" ] && break
              for f in $found; do
                pid=${f#/proc/}; pid=${pid%%/environ}
                kill -KILL "$pid" 2>/dev/null || continue
                case " $killed " in *" $pid "*) ;; *) killed="$killed $pid" ;; esac
              done
              round=$((round + 1))
            done
            [ -z "$killed" ] || echo "pacer-executor: the executor ended; its orphan sweeper killed what its tasks left running:$killed" >&2
            [ -n "$labels" ] || exit 0
            if ! command -v docker >/dev/null 2>&1; then
              echo "pacer-executor: the executor ended; no docker command here to remove its containers ($labels)" >&2
              exit 0
            fi
            set --
            for label in $labels; do set -- "$@" --filter "label=$label"; done
            containers=$(docker ps -aq "$@")
            if [ -n "$containers" ] && docker rm -f $containers >/dev/null; then
              echo "pacer-executor: the executor ended; its orphan sweeper removed its containers:" $containers >&2
            fi
            """.formatted(ROUNDS);

    private final String executorRun;
    private final Object lock = new Object();
    private Process sweeper;
    private Optional<String> containersLine = Optional.empty();
    private boolean closed;

    private OrphanSweeper(String executorRun) {
        this.executorRun = executorRun;
    }

    /**
     * Starts the sweeper for the marks of {@code executorRun}; should it fail to start (no {@code sh}, {@code grep}
     * or {@code setsid} on the agent), says once that tasks may outlive a killed executor.
     */
    public static OrphanSweeper start(String executorRun) {
        OrphanSweeper sweeper = new OrphanSweeper(executorRun);
        sweeper.spawn();
        return sweeper;
    }

    /** The grep pattern that finds an environment entry of a mark of {@code executorRun}. */
    static String pattern(String executorRun) {
        return "^" + ProcessMark.VARIABLE + "=" + new ProcessMark(executorRun, "").value();
    }

    private void spawn() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                sweeper = new ProcessBuilder(List.of("/usr/bin/setsid", "/bin/sh", "-c", SCRIPT, "pacer-orphan-sweeper", pattern(executorRun)))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
            } catch (IOException e) {
                LOG.warn("Cannot start the orphan sweeper ({}): where tasks have no cgroup of their own, a task may outlive "
                        + "a killed executor", e.getMessage());
                return;
            }
            LOG.info("Orphan sweeper {} watches this executor: should it die, it kills the processes of its tasks", sweeper.pid());
            tell(sweeper);
            sweeper.onExit().thenRun(this::respawnUnlessClosed);
        }
    }

    private void respawnUnlessClosed() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            LOG.warn("The orphan sweeper {} ended ({}) while the executor runs: starting another", sweeper.pid(), sweeper.exitValue());
        }
        spawn();
    }

    /**
     * Should the executor die, also remove the Docker containers that carry all of {@code labels} (this executor's);
     * said once, before its first container starts. Label names and values must be free of white space and quotes.
     */
    public void removeContainersOnDeath(Map<String, String> labels) {
        StringBuilder line = new StringBuilder("containers");
        labels.forEach((name, value) -> {
            if (!SHELL_WORD.matcher(name + value).matches()) {
                throw new IllegalArgumentException("a label the sweeper cannot pass on: " + name + "=" + value);
            }
            line.append(' ').append(name).append('=').append(value);
        });
        synchronized (lock) {
            containersLine = Optional.of(line.append('\n').toString());
            tell(sweeper);
        }
    }

    /** Tells a sweeper what it must know besides the marks (a new one too, should it be respawned). */
    private void tell(Process target) {
        if (target == null || containersLine.isEmpty()) {
            return;
        }
        try {
            OutputStream pipe = target.getOutputStream();
            pipe.write(containersLine.get().getBytes(StandardCharsets.UTF_8));
            pipe.flush();
        } catch (IOException e) {
            LOG.warn("Cannot tell the orphan sweeper about this executor's containers: {}", e.getMessage());
        }
    }

    /**
     * Lets the sweeper go now, as it would at the executor's end: it kills every marked process of this executor
     * and exits. Returns once it has.
     */
    @Override
    public void close() throws InterruptedException {
        Process last;
        synchronized (lock) {
            closed = true;
            last = sweeper;
        }
        if (last == null) {
            return;
        }
        try (OutputStream pipe = last.getOutputStream()) {
            // closing it is the signal
        } catch (IOException e) {
            LOG.debug("Closing the sweeper's pipe: {}", e.toString());
        }
        last.waitFor();
    }
}
