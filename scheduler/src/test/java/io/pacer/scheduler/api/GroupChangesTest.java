package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppJsonReader;
import io.pacer.scheduler.app.ServicePorts;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A change of several apps becomes steps: stops dependents first, then new and changed apps in dependency order. */
class GroupChangesTest {
    private static final Instant BEFORE = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-03T11:00:00Z");
    /** /db ← /api ← /web, each on a level of its own (the dependency graph's job, DependencyGraphTest). */
    private static final List<String> ORDER = List.of("/db", "/api", "/web");
    private static final GroupChanges.Levels LEVELS = ids -> ORDER.stream().map(AppId::parse).filter(ids::contains).map(List::of).toList();

    @Test
    void newAppsStartLevelByLevelInDependencyOrder() {
        var steps = GroupChanges.ordered(GroupChanges.changes(Map.of(), apps(NOW, "/web", "/db", "/api")), LEVELS, LEVELS);

        assertThat(steps).extracting(step -> step.get(0).id().path()).containsExactly("/db", "/api", "/web");
        assertThat(steps).allSatisfy(step -> assertThat(step).singleElement().satisfies(c -> {
            assertThat(c.current()).isEmpty();
            assertThat(c.target().orElseThrow().version()).isEqualTo(NOW);
        }));
    }

    @Test
    void removedAppsStopDependentsFirstAndBeforeAnythingStarts() {
        Map<AppId, AppDefinition> original = apps(BEFORE, "/db", "/api", "/web");

        var steps = GroupChanges.ordered(GroupChanges.changes(original, Map.of()), LEVELS, LEVELS);

        assertThat(steps).extracting(step -> step.get(0).id().path()).containsExactly("/web", "/api", "/db");
        assertThat(steps).allSatisfy(step -> assertThat(step.get(0).target()).isEmpty());
    }

    @Test
    void anUnchangedAppHasNoActionAndAChangedOneIsVersioned() {
        Map<AppId, AppDefinition> original = new LinkedHashMap<>();
        // as stored: service ports given, which the request leaves at 0
        apps(BEFORE, "/db", "/api", "/web").forEach((id, app) -> original.put(id, ServicePorts.assign(app, List.of())));
        Map<AppId, AppDefinition> target = new LinkedHashMap<>(apps(NOW, "/db", "/web"));
        target.put(AppId.parse("/api"), app("/api", "serve --v2", NOW));

        var steps = GroupChanges.ordered(GroupChanges.changes(original, target), LEVELS, LEVELS);

        assertThat(steps).singleElement().satisfies(step -> assertThat(step).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(AppId.parse("/api"));
            assertThat(c.target().orElseThrow().versionInfo().lastConfigChangeAt()).isEqualTo(NOW);
        }));
        assertThat(GroupChanges.unchanged(Optional.of(original.get(AppId.parse("/db"))), target.get(AppId.parse("/db")))).isTrue();
    }

    private static Map<AppId, AppDefinition> apps(Instant version, String... ids) {
        Map<AppId, AppDefinition> apps = new LinkedHashMap<>();
        for (String id : ids) {
            apps.put(AppId.parse(id), app(id, "serve", version));
        }
        return apps;
    }

    private static AppDefinition app(String id, String cmd, Instant version) {
        try {
            return AppJsonReader.read(new ObjectMapper().readTree("{\"id\": \"" + id + "\", \"cmd\": \"" + cmd + "\","
                    + " \"portDefinitions\": [{\"port\": 0}]}"), Optional.empty(), version);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
