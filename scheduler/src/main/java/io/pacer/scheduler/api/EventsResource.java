package io.pacer.scheduler.api;

import io.pacer.scheduler.events.EventBus;
import io.pacer.scheduler.events.MarathonEvents;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v2/events}: Marathon's event stream (v2/events.raml) as server-sent events, starting with
 * {@code event_stream_attached}; {@code ?event_type=a&event_type=b} keeps only those types.
 */
public final class EventsResource {
    public static final String PREFIX = "/v2/events";

    private final EventBus bus;
    private final Clock clock;

    public EventsResource(EventBus bus, Clock clock) {
        this.bus = bus;
        this.clock = clock;
    }

    public Route route() {
        return Route.get(PREFIX, this::stream);
    }

    private ApiResponse stream(ApiRequest request) {
        Set<String> types = Set.copyOf(request.query().getOrDefault("event_type", List.of()));
        return ApiResponse.events(new ApiResponse.EventStreamBody(bus,
                e -> types.isEmpty() || types.contains(e.get("eventType").asText()),
                MarathonEvents.streamAttached(request.remoteAddress(), clock.instant())));
    }
}
