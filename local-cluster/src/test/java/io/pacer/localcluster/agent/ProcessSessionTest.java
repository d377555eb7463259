package io.pacer.localcluster.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSessionTest {
    @Test
    void killEndsEveryProcessOfTheSessionEvenThoseInAnotherProcessGroup() throws Exception {
        // a background child, and one that moves to a process group of its own (perl-base is part of Debian)
        ProcessSession session = ProcessSession.start(new ProcessBuilder("sh", "-c",
                "sleep 1000 & perl -e 'setpgrp(0,0); sleep 1000' & wait"));
        List<ProcessHandle> members = awaitMembers(session, 3);
        assertThat(members).extracting(ProcessHandle::pid).contains(session.pid());
        session.kill();
        for (ProcessHandle member : members) {
            member.onExit().get(10, TimeUnit.SECONDS);
            assertThat(member.isAlive()).as("process %d", member.pid()).isFalse();
        }
    }

    @Test
    void reportsTheRawWaitStatusOfItsLeader() throws Exception {
        ProcessSession exited = ProcessSession.start(new ProcessBuilder("sh", "-c", "exit 3"));
        assertThat(exited.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(OptionalInt.of(768));
        ProcessSession killed = ProcessSession.start(new ProcessBuilder("sleep", "1000"));
        killed.kill();
        assertThat(killed.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(OptionalInt.of(9));
    }

    @Test
    void aRecycledPidIsNotTakenForTheSession() throws Exception {
        ProcessSession session = ProcessSession.start(new ProcessBuilder("sleep", "1000"));
        try {
            assertThat(ProcessSession.reattach(session.pid(), session.startTime().orElseThrow())).isPresent();
            assertThat(ProcessSession.reattach(session.pid(), session.startTime().orElseThrow().minusSeconds(60))).isEmpty();
        } finally {
            session.kill();
        }
    }

    @Test
    void killTakesChildrenThatStartedSessionsOfTheirOwn(@TempDir Path dir) throws Exception {
        // like an executor whose task runs in a session of its own: the child calls setsid, yet stays a child
        Path pidFile = dir.resolve("task.pid");
        ProcessSession executor = ProcessSession.start(new ProcessBuilder("sh", "-c",
                "setsid sh -c 'echo $$ > " + pidFile + "; exec sleep 300' & exec sleep 300"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
            assertThat(System.nanoTime()).as("the task started").isLessThan(deadline);
            Thread.sleep(20);
        }
        ProcessHandle task = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
        assertThat(executor.members()).as("the task is not in the executor's session").doesNotContain(task);

        executor.kill();

        assertThat(task.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(executor.onExit().get(10, TimeUnit.SECONDS)).isPresent();
    }

    private static List<ProcessHandle> awaitMembers(ProcessSession session, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<ProcessHandle> members = session.members();
        while (members.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling /proc: there is nothing to wait on for processes the shell forks
            members = session.members();
        }
        assertThat(members).hasSizeGreaterThanOrEqualTo(count);
        return members;
    }
}
