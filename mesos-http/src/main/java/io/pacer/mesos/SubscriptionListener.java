package io.pacer.mesos;

/** Receives what a {@link MesosSubscription} sees. Called on one thread at a time, in stream order; keep it short. */
public interface SubscriptionListener<E> {
    /** Every event of the stream in order, SUBSCRIBED included. */
    void onEvent(E event);

    /** A subscribed stream broke (closed, failed, or silent past the heartbeat watchdog); a retry follows if the policy allows. */
    default void onDisconnected(Exception cause) {
    }

    /** The reconnect policy gave up: no further attempt will be made. */
    default void onGaveUp(Exception cause) {
    }
}
