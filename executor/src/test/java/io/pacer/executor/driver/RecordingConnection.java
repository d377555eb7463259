package io.pacer.executor.driver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.mesos.v1.executor.Protos.Call;

/** Accepts every call (as the agent's 202) and keeps it; {@link #failing} makes calls fail as on a broken connection. */
final class RecordingConnection implements AgentConnection {
    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile boolean failing;
    volatile boolean closed;

    @Override
    public synchronized CompletableFuture<Void> send(Call call) {
        if (failing) {
            return CompletableFuture.failedFuture(new java.io.IOException("connection refused"));
        }
        calls.add(call);
        notifyAll();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        closed = true;
    }

    synchronized Call await(Predicate<Call> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Call c : calls) {
                if (condition.test(c)) {
                    return c;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching call within " + timeout.toMillis() + " ms; got " + calls);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
