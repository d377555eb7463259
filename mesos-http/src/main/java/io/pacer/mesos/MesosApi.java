package io.pacer.mesos;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What differs between Mesos's two v1 streaming APIs, so that one {@link MesosSubscription} serves both.
 *
 * @param path              the endpoint, e.g. {@code /api/v1/scheduler}
 * @param eventParser       parses one RecordIO record into an event
 * @param isSubscribed      recognises the SUBSCRIBED event that confirms a subscription
 * @param heartbeatInterval the interval the SUBSCRIBED event promises heartbeats at, if the API has one
 */
public record MesosApi<C extends Message, E extends Message>(
        String path,
        Parser<E> eventParser,
        Predicate<E> isSubscribed,
        Function<E, Optional<Duration>> heartbeatInterval) {

    public static MesosApi<org.apache.mesos.v1.scheduler.Protos.Call, org.apache.mesos.v1.scheduler.Protos.Event> scheduler() {
        return new MesosApi<>(
                "/api/v1/scheduler",
                org.apache.mesos.v1.scheduler.Protos.Event.parser(),
                e -> e.getType() == org.apache.mesos.v1.scheduler.Protos.Event.Type.SUBSCRIBED,
                e -> e.getSubscribed().hasHeartbeatIntervalSeconds()
                        ? Optional.of(Duration.ofNanos((long) (e.getSubscribed().getHeartbeatIntervalSeconds() * 1e9)))
                        : Optional.empty());
    }

    /** The executor's SUBSCRIBED carries no interval (the agent heartbeats every 30 minutes), so no watchdog. */
    public static MesosApi<org.apache.mesos.v1.executor.Protos.Call, org.apache.mesos.v1.executor.Protos.Event> executor() {
        return new MesosApi<>(
                "/api/v1/executor",
                org.apache.mesos.v1.executor.Protos.Event.parser(),
                e -> e.getType() == org.apache.mesos.v1.executor.Protos.Event.Type.SUBSCRIBED,
                e -> Optional.empty());
    }
}
