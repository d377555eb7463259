package io.pacer.mesos;

import com.google.protobuf.Message;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription to a Mesos v1 streaming API (scheduler or executor), as docs/scheduler-http-api.md and
 * docs/executor-http-api.md describe the client's side:
 * <ul>
 *   <li>SUBSCRIBE on a connection of its own; every other call on a second one, with the {@code Mesos-Stream-Id}
 *       the subscription was given and {@code Content-Type: application/x-protobuf} exactly;</li>
 *   <li>a 307 from a non-leading master is followed to its (protocol-relative) Location, which becomes the
 *       address for every later call;</li>
 *   <li>503 and 404 ("no leader", "not finished recovery") and connection failures are retried as the
 *       {@link ReconnectPolicy} says, as is a stream that breaks after SUBSCRIBED;</li>
 *   <li>a heartbeat watchdog drops a stream that stays silent for {@code missedHeartbeats} intervals;</li>
 *   <li>{@link #close()} stops everything, and no attempt follows it.</li>
 * </ul>
 * All state changes happen on one control thread, so the listener sees events and disconnections in order.
 */
public final class MesosSubscription<C extends Message, E extends Message> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MesosSubscription.class);
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String STREAM_ID = "Mesos-Stream-Id";
    private static final String AUTHORIZATION = "Authorization";
    /** Answers to calls are short (202 has none); a longer one is an error. */
    private static final int MAX_ANSWER_BYTES = 1024 * 1024;

    /**
     * @param maxEventBytes    a larger RecordIO record is a protocol error
     * @param missedHeartbeats heartbeats that may be missed before the stream is dropped (the docs suggest 5)
     * @param connectTimeout   for opening a connection
     * @param callTimeout      for a non-streaming call's answer
     * @param maxRedirects     consecutive 307s followed before an attempt counts as failed
     * @param authorization    the {@code Authorization} header of SUBSCRIBE and every call, when the master or
     *                         agent requires one (HTTP Basic for frameworks, Bearer for executors)
     */
    public record Settings(int maxEventBytes, int missedHeartbeats, Duration connectTimeout, Duration callTimeout, int maxRedirects,
                           Optional<String> authorization) {
        public static Settings defaults() {
            return new Settings(64 * 1024 * 1024, 5, Duration.ofSeconds(10), Duration.ofSeconds(75), 5, Optional.empty());
        }

        public Settings withAuthorization(String header) {
            return new Settings(maxEventBytes, missedHeartbeats, connectTimeout, callTimeout, maxRedirects, Optional.of(header));
        }

        /** Never the credentials themselves: settings end up in logs. */
        @Override
        public String toString() {
            return "Settings[maxEventBytes=" + maxEventBytes + ", missedHeartbeats=" + missedHeartbeats + ", connectTimeout="
                    + connectTimeout + ", callTimeout=" + callTimeout + ", maxRedirects=" + maxRedirects + ", authorization="
                    + authorization.map(a -> a.substring(0, Math.max(0, a.indexOf(' '))) + " ***").orElse("none") + "]";
        }
    }

    private final MesosApi<C, E> api;
    private final Supplier<C> subscribeCall;
    private final SubscriptionListener<E> listener;
    private final ReconnectPolicy reconnect;
    private final Settings settings;
    private final HttpConnections connections;
    private final ScheduledExecutorService control;

    // Touched on the control thread only, except where volatile.
    private volatile URI master;
    private volatile String streamId;
    private volatile boolean closed;
    private Thread controlThread;
    private EventStream<E> stream;
    private EventStream<E> subscribedStream;
    private ScheduledFuture<?> deadline;
    private ScheduledFuture<?> watchdog;
    private int failedAttempts;
    private int redirects;
    private long unsubscribedSinceNanos = System.nanoTime();

    private MesosSubscription(URI master, MesosApi<C, E> api, Supplier<C> subscribeCall, SubscriptionListener<E> listener,
                              ReconnectPolicy reconnect, Settings settings) {
        this.master = baseOf(master);
        this.api = api;
        this.subscribeCall = subscribeCall;
        this.listener = listener;
        this.reconnect = reconnect;
        this.settings = settings;
        this.connections = new HttpConnections("mesos-http" + api.path().replace('/', '-'), settings.connectTimeout(), MAX_ANSWER_BYTES);
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mesos-subscription" + api.path().replace('/', '-'));
            t.setDaemon(true);
            controlThread = t;
            return t;
        });
    }

    /**
     * Starts subscribing to {@code master} (e.g. {@code http://10.0.0.5:5050}; any path is ignored).
     * {@code subscribeCall} is asked for a fresh SUBSCRIBE call on every attempt, so that it can carry what
     * changed in between (a framework id, unacknowledged updates).
     */
    public static <C extends Message, E extends Message> MesosSubscription<C, E> start(
            URI master, MesosApi<C, E> api, Supplier<C> subscribeCall, SubscriptionListener<E> listener,
            ReconnectPolicy reconnect, Settings settings) {
        MesosSubscription<C, E> subscription = new MesosSubscription<>(master, api, subscribeCall, listener, reconnect, settings);
        subscription.control.execute(subscription::attempt);
        return subscription;
    }

    /** The address calls go to now: the one given, or where the last redirect pointed. */
    public URI master() {
        return master;
    }

    /** The stream id of the current subscription; empty while not subscribed or when the API has none (executor). */
    public Optional<String> streamId() {
        return Optional.ofNullable(streamId);
    }

    /**
     * Sends a call other than SUBSCRIBE. Completes with the response body on a 2xx answer (202 has none), and
     * exceptionally with {@link MesosCallException} otherwise, or with the I/O failure.
     */
    public CompletableFuture<byte[]> send(C call) {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("subscription to " + master + " is closed"));
        }
        URI endpoint = master.resolve(api.path());
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", PROTOBUF));
        String id = streamId;
        if (id != null) {
            headers.put(STREAM_ID, id);
        }
        settings.authorization().ifPresent(a -> headers.put(AUTHORIZATION, a));
        return connections.call(endpoint, headers, call.toByteArray(), settings.callTimeout()).thenApply(answer -> {
            if (answer.status() / 100 != 2) {
                throw new CompletionException(new MesosCallException(endpoint.toString(), answer.status(),
                        new String(answer.body(), StandardCharsets.UTF_8)));
            }
            return answer.body();
        });
    }

    /** Drops the subscription and stops retrying; the listener hears nothing more. */
    @Override
    public void close() {
        closed = true;
        if (control.isShutdown()) {
            return;
        }
        control.execute(() -> {
            endStream(new IOException("subscription closed"));
            connections.close();
        });
        control.shutdown();
        if (Thread.currentThread() == controlThread) {
            return; // closed by the listener: the queued task runs once the listener returns
        }
        try {
            control.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the attempt loop, on the control thread ----

    private void attempt() {
        if (closed) {
            return;
        }
        URI endpoint = master.resolve(api.path());
        EventStream<E> candidate = new EventStream<>(api, settings.maxEventBytes(), this::onEvent);
        stream = candidate;
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", PROTOBUF, "Accept", PROTOBUF));
        settings.authorization().ifPresent(a -> headers.put(AUTHORIZATION, a));
        candidate.bind(connections.stream(endpoint, headers,
                subscribeCall.get().toByteArray(), candidate));
        // No read timeout on the stream itself (it is silent between heartbeats); only until SUBSCRIBED arrives.
        deadline = control.schedule(() -> candidate.abort(new TimeoutException(
                        "no SUBSCRIBED from " + endpoint + " within " + settings.callTimeout().toMillis() + " ms")),
                settings.callTimeout().toNanos(), TimeUnit.NANOSECONDS);
        candidate.result().whenCompleteAsync((rejection, error) -> attemptEnded(endpoint, candidate, rejection, error), control);
    }

    private void attemptEnded(URI endpoint, EventStream<E> ended, Optional<EventStream.Rejection> rejection, Throwable error) {
        if (closed || ended != stream) {
            return;
        }
        boolean wasSubscribed = ended == subscribedStream;
        stream = null;
        cancelTimers();
        if (error != null) {
            Exception cause = ended.abortCause() != null ? ended.abortCause() : unwrap(error);
            if (wasSubscribed) {
                disconnected(cause);
            } else {
                failed(new IOException("cannot subscribe to " + endpoint + ": " + describe(cause), cause));
            }
            return;
        }
        if (rejection.isEmpty()) {
            Exception cause = new IOException("the event stream from " + endpoint + " was closed by the other side");
            if (wasSubscribed) {
                disconnected(cause);
            } else {
                failed(cause);
            }
        } else if (rejection.get().status() == 307 && rejection.get().location().isPresent()) {
            redirected(endpoint, rejection.get().location().get());
        } else {
            failed(new MesosCallException(endpoint.toString(), rejection.get().status(), rejection.get().body()));
        }
    }

    private void onEvent(EventStream<E> source, E event) {
        // Runs on the connection's thread, so events of one stream never overlap and are queued here in order;
        // state is only touched on the control thread.
        if (closed) {
            return; // arrived after close(): the listener hears nothing more
        }
        try {
            control.execute(() -> deliver(source, event));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed between the check and here; same as above
        }
    }

    private void deliver(EventStream<E> source, E event) {
        if (closed || source != stream) {
            return;
        }
        if (api.isSubscribed().test(event)) {
            subscribed(source, event);
        }
        listener.onEvent(event);
    }

    private void subscribed(EventStream<E> source, E event) {
        subscribedStream = source;
        streamId = source.streamId();
        failedAttempts = 0;
        redirects = 0;
        cancelTimers();
        LOG.info("Subscribed to {}{}", master, api.path());
        api.heartbeatInterval().apply(event).ifPresent(interval -> startWatchdog(source, interval));
    }

    private void redirected(URI from, String location) {
        URI target = from.resolve(location);
        if (++redirects > settings.maxRedirects()) {
            failed(new IOException("more than " + settings.maxRedirects() + " redirects, the last from " + from + " to " + target));
            return;
        }
        LOG.info("{} redirected to {}", from, target);
        master = baseOf(target);
        attempt();
    }

    private void disconnected(Exception cause) {
        LOG.warn("Subscription to {}{} lost: {}", master, api.path(), describe(cause));
        streamId = null;
        unsubscribedSinceNanos = System.nanoTime();
        listener.onDisconnected(cause);
        retry(cause);
    }

    private void failed(Exception cause) {
        LOG.warn("Subscribe attempt failed: {}", describe(cause));
        retry(cause);
    }

    private void retry(Exception cause) {
        if (closed) {
            return;
        }
        redirects = 0;
        Duration unsubscribedFor = Duration.ofNanos(System.nanoTime() - unsubscribedSinceNanos);
        Optional<Duration> delay = reconnect.nextDelay(++failedAttempts, unsubscribedFor);
        if (delay.isEmpty()) {
            LOG.warn("Giving up on {}{} after {} attempts", master, api.path(), failedAttempts);
            closed = true;
            listener.onGaveUp(cause);
            connections.close();
            control.shutdown();
            return;
        }
        control.schedule(this::attempt, delay.get().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void endStream(Exception cause) {
        cancelTimers();
        if (stream != null) {
            stream.abort(cause);
            stream = null;
        }
        streamId = null;
    }

    // ---- heartbeat watchdog ----

    private void startWatchdog(EventStream<E> source, Duration interval) {
        long timeoutNanos = interval.toNanos() * settings.missedHeartbeats();
        long checkEveryNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), interval.toNanos() / 2);
        watchdog = control.scheduleWithFixedDelay(() -> {
            long silentNanos = System.nanoTime() - source.lastRecordNanos();
            if (silentNanos > timeoutNanos) {
                source.abort(new TimeoutException("no event from " + master + api.path() + " for "
                        + Duration.ofNanos(silentNanos).toMillis() + " ms (" + settings.missedHeartbeats()
                        + " heartbeat intervals of " + MesosDuration.format(interval) + ")"));
            }
        }, checkEveryNanos, checkEveryNanos, TimeUnit.NANOSECONDS);
    }

    private void cancelTimers() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
    }

    // ---- helpers ----

    private static URI baseOf(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    }

    private static Exception unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof Exception e ? e : new IOException(t);
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
