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

    public synchronized void publish(ObjectNode event) {
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

    public void unsubscribe(Consumer<ObjectNode> subscriber) {
        subscribers.remove(subscriber);
    }

    public int subscriberCount() {
        return subscribers.size();
    }
}
