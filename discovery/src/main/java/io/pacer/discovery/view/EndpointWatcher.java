package io.pacer.discovery.view;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a live {@link EndpointView} of Pacer: opens {@code /v2/events}, waits for its opening event (from then on no
 * event is missed), reads the snapshot, then follows the events, reading a new snapshot when apps change (one for a
 * burst of changes). When the stream is lost the view says since when, and the watcher connects and syncs again.
 * Outputs hear of every view whose endpoints changed, and of the view going stale or live again; they run on the
 * watcher's thread, one after the other, and must be quick.
 */
public final class EndpointWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointWatcher.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private final PacerApi api;
    private final Clock clock;
    private final List<Consumer<EndpointView>> outputs = new CopyOnWriteArrayList<>();
    private final ClusterState state = new ClusterState();
    private final Thread thread;
    private volatile EndpointView current;
    private volatile boolean closed;
    private volatile PacerApi.EventStream stream;

    public EndpointWatcher(PacerApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
        this.current = EndpointView.empty(clock.instant());
        this.thread = new Thread(this::run, "discovery-watcher");
        thread.setDaemon(true);
    }

    /** Adds an output: add them all before {@link #start()}. */
    public void addOutput(Consumer<EndpointView> output) {
        outputs.add(output);
    }

    public void start() {
        thread.start();
    }

    public EndpointView current() {
        return current;
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        while (!closed) {
            try (PacerApi.EventStream events = api.events()) {
                stream = events;
                follow(events);
                retry = FIRST_RETRY;
                LOG.warn("Pacer's event stream at {} ended; syncing again", api.base());
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.warn("Lost Pacer at {}: {}; trying again in {} ms", api.base(), e.toString(), retry.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            if (current.live()) {
                publish(new EndpointView(current.apps(), current.syncedAt(), Optional.of(clock.instant())));
            }
            try {
                Thread.sleep(retry.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
        }
    }

    private void follow(PacerApi.EventStream events) throws IOException, InterruptedException {
        Optional<JsonNode> first = events.next();
        if (first.isEmpty() || !first.get().path("eventType").asText().equals("event_stream_attached")) {
            throw new IOException("the event stream did not open with event_stream_attached: " + first);
        }
        sync();
        Optional<JsonNode> event;
        while ((event = events.next()).isPresent()) {
            boolean appsChanged = state.apply(event.get());
            // a burst of app changes needs one snapshot, after its last event already here
            while (events.hasMore()) {
                Optional<JsonNode> more = events.next();
                if (more.isEmpty()) {
                    return;
                }
                appsChanged |= state.apply(more.get());
            }
            if (appsChanged) {
                sync();
            } else {
                publish(state.view(current.syncedAt(), Optional.empty()));
            }
        }
    }

    private void sync() throws IOException, InterruptedException {
        state.applySnapshot(api.snapshot());
        publish(state.view(clock.instant(), Optional.empty()));
    }

    private void publish(EndpointView view) {
        boolean changed = !view.sameEndpoints(current) || view.live() != current.live();
        if (view.live() && !current.live()) {
            LOG.info("Following Pacer at {}: {} apps", api.base(), view.apps().size());
        }
        current = view;
        if (!changed) {
            return;
        }
        for (Consumer<EndpointView> output : outputs) {
            try {
                output.accept(view);
            } catch (RuntimeException e) {
                LOG.error("A discovery output failed on a new view: {}", e.toString(), e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        PacerApi.EventStream open = stream;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
