package io.pacer.executor.driver;

import java.util.concurrent.CompletableFuture;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * The driver's way to the agent, apart from the event stream: a {@link io.pacer.mesos.MesosSubscription} in
 * production ({@link SubscriptionConnection}), a recorder in tests.
 */
public interface AgentConnection {
    /** Sends a call other than SUBSCRIBE; completes when the agent accepted it (202). */
    CompletableFuture<Void> send(Call call);

    /** Stops the subscription for good. */
    void close();
}
