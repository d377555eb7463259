package io.pacer.scheduler.launch;

import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each app's restart backoff: consecutive unexpected task ends and when the next launch may go. A new app
 * configuration starts from zero (the delay belongs to the configuration that kept failing). Changed on the
 * scheduler's thread; read by the API (GET /v2/queue) from others.
 */
public final class LaunchDelays {
    /** One app configuration's backoff state. */
    public record Delay(String configuration, int failures, Instant notBefore) {
    }

    private final Map<AppId, Delay> delays = new ConcurrentHashMap<>();

    public void failed(AppDefinition app, String configuration, Instant now) {
        Delay current = delays.get(app.id());
        int failures = current != null && current.configuration().equals(configuration) ? current.failures() + 1 : 1;
        Duration wait = BackoffPolicy.of(app).delayAfter(failures);
        delays.put(app.id(), new Delay(configuration, failures, now.plus(wait)));
    }

    public Optional<Delay> of(AppId app, String configuration) {
        return Optional.ofNullable(delays.get(app)).filter(d -> d.configuration().equals(configuration));
    }

    public boolean mayLaunch(AppId app, String configuration, Instant now) {
        return of(app, configuration).map(d -> !now.isBefore(d.notBefore())).orElse(true);
    }

    public void reset(AppId app) {
        delays.remove(app);
    }
}
