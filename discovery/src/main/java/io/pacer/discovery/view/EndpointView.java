package io.pacer.discovery.view;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every app's healthy, running endpoints, as of a moment. {@code lostSince} is empty while the watcher follows
 * Pacer's event stream (the view is current); once the stream is lost it says since when, so that no output serves
 * an old view without saying how old it is.
 */
public record EndpointView(SortedMap<String, AppEndpoints> apps, Instant syncedAt, Optional<Instant> lostSince) {
    public EndpointView {
        apps = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(apps));
    }

    public static EndpointView empty(Instant now) {
        return new EndpointView(new TreeMap<>(), now, Optional.of(now));
    }

    public Optional<AppEndpoints> app(String appId) {
        return Optional.ofNullable(apps.get(appId));
    }

    public boolean live() {
        return lostSince.isEmpty();
    }

    /** How long the view may have been out of date: zero while live. */
    public Duration age(Instant now) {
        return lostSince.map(since -> Duration.between(since, now)).orElse(Duration.ZERO);
    }

    /** Whether the endpoints are the same (the times aside). */
    public boolean sameEndpoints(EndpointView other) {
        return apps.equals(other.apps);
    }
}
