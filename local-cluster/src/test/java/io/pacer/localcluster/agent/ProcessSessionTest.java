package io.pacer.localcluster.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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
