package io.pacer.executor.driver;

import io.pacer.mesos.MesosApi;
import io.pacer.mesos.MesosSubscription;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/** Subscribes the driver to the agent's executor API and carries its calls. */
public final class SubscriptionConnection implements AgentConnection {
    // Set just after the driver is attached, so that no call can find the connection missing.
    private final CompletableFuture<MesosSubscription<Call, Event>> subscription = new CompletableFuture<>();

    private SubscriptionConnection() {
    }

    /**
     * Starts subscribing; the driver hears events and disconnections, and builds every SUBSCRIBE call afresh. With
     * {@code authenticationToken} (the agent's MESOS_EXECUTOR_AUTHENTICATION_TOKEN) every request carries it as Bearer.
     */
    public static SubscriptionConnection start(URI agent, Optional<String> authenticationToken, ExecutorDriver driver) {
        SubscriptionConnection connection = new SubscriptionConnection();
        driver.attach(connection);
        MesosSubscription.Settings settings = authenticationToken.map(t -> MesosSubscription.Settings.defaults().withAuthorization("Bearer " + t))
                .orElseGet(MesosSubscription.Settings::defaults);
        connection.subscription.complete(MesosSubscription.start(agent, MesosApi.executor(), driver::subscribeCall,
                driver, driver.reconnectPolicy(), settings));
        return connection;
    }

    @Override
    public CompletableFuture<Void> send(Call call) {
        return subscription.thenCompose(s -> s.send(call)).thenApply(body -> null);
    }

    @Override
    public void close() {
        subscription.thenAccept(MesosSubscription::close);
    }
}
