package io.pacer.scheduler.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marathon's event bus (docs/event-bus.md): every event goes to every subscriber, in order of publication. A
 * subscriber must not block (the SSE stream queues on its connection); one that throws is dropped.
 */
public final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final Set<Consumer<ObjectNode>> subscribers = new CopyOnWriteArraySet<>();
    /** What ends each subscription that asked to be told when the bus closes (an event stream's connection). */
    private final java.util.Map<Consumer<ObjectNode>, Runnable> onClose = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean closed;

    public synchronized void publish(ObjectNode event) {
        if (closed) {
            return;
        }
        for (Consumer<ObjectNode> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("Dropping an event subscriber that failed: {}", e.toString());
                subscribers.remove(s);
            }
        }
    }

    public void subscribe(Consumer<ObjectNode> subscriber) {
        subscribe(subscriber, () -> { });
    }

    /** Runs {@code first} and subscribes with no event published in between (e.g. a stream's opening event). */
    public synchronized void subscribe(Consumer<ObjectNode> subscriber, Runnable first) {
        first.run();
        subscribers.add(subscriber);
    }

    /** The same, and {@code closed} runs when the bus closes (its Pacer no longer leads) unless unsubscribed before. */
    public synchronized void subscribe(Consumer<ObjectNode> subscriber, Runnable first, Runnable closed) {
        if (this.closed) {
            closed.run();
            return;
        }
        onClose.put(subscriber, closed);
        subscribe(subscriber, first);
    }

    public void unsubscribe(Consumer<ObjectNode> subscriber) {
        subscribers.remove(subscriber);
        onClose.remove(subscriber);
    }

    /**
     * Publishes nothing more and ends every subscription that asked to be told: the events of a Pacer that stopped
     * leading would be silent from now on, and its clients should reconnect (through a standby, to the new leader).
     */
    public synchronized void close() {
        closed = true;
        onClose.values().forEach(Runnable::run);
        onClose.clear();
        subscribers.clear();
    }

    public int subscriberCount() {
        return subscribers.size();
    }
}
