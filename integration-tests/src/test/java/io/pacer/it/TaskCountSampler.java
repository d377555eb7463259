package io.pacer.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts an app's tasks every 100 ms through {@code /v2/apps/{id}/tasks}, as a user of the API sees them, for the
 * upgrade bounds (docs/deployments.md): <em>running</em> is every task listed (Pacer lists a task from its launch
 * until it ends, so tasks staging and tasks being killed count too), <em>healthy</em> a TASK_RUNNING task whose
 * last health check passed and that is not being killed.
 */
final class TaskCountSampler implements AutoCloseable {
    private final PacerProcess pacer;
    private final String appId;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<int[]> counts = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    private TaskCountSampler(PacerProcess pacer, String appId) {
        this.pacer = pacer;
        this.appId = appId;
        this.thread = new Thread(this::sample, "sampler");
    }

    static TaskCountSampler start(PacerProcess pacer, String appId) {
        TaskCountSampler sampler = new TaskCountSampler(pacer, appId);
        sampler.thread.start();
        return sampler;
    }

    private void sample() {
        while (!stop.get()) {
            try {
                int running = 0;
                int healthy = 0;
                for (JsonNode t : pacer.tasks(appId)) {
                    running++;
                    JsonNode results = t.get("healthCheckResults");
                    boolean passed = results.size() > 0 && results.get(0).get("alive").asBoolean();
                    healthy += t.get("state").asText().equals("TASK_RUNNING") && passed && !t.get("killRequested").asBoolean() ? 1 : 0;
                }
                counts.add(new int[] {running, healthy});
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a failed look must not pass for a good one: it fails both bounds
                counts.add(new int[] {Integer.MAX_VALUE, -1});
            }
        }
    }

    /** Stops sampling (idempotent). */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(5000);
    }

    int samples() {
        return counts.size();
    }

    int maxRunning() {
        synchronized (counts) {
            return counts.stream().mapToInt(c -> c[0]).max().orElse(0);
        }
    }

    int minHealthy() {
        synchronized (counts) {
            return counts.stream().mapToInt(c -> c[1]).min().orElse(0);
        }
    }

    /** Every sample as running/healthy, for an assertion's message. */
    String trace() {
        synchronized (counts) {
            StringBuilder s = new StringBuilder();
            counts.forEach(c -> s.append(c[0]).append('/').append(c[1]).append(' '));
            return s.toString();
        }
    }
}
