package io.pacer.scheduler.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.store.DurableStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deployments by id and by app, as stored. */
class DeploymentRepositoryTest {
    private static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aPlanIsFoundByItsIdAndEachOfItsAppsAndOneWrittenBeforePlansIsDroppedOnLoad() {
        DurableStore store = new DurableStore(dir);
        // the shape of a deployment stored before deployments were plans: one app, no "changes"
        store.write("deployments/old", ("{\"id\": \"old\", \"appId\": \"/legacy\", \"version\": \"" + T + "\", \"action\":"
                + " \"RestartApplication\", \"startedAt\": \"" + T + "\", \"oldTaskIds\": []}").getBytes(StandardCharsets.UTF_8));
        new DeploymentRepository(store).put(new Deployment("plan", T, T, List.of(
                new AppChange(AppId.parse("/db"), DeploymentAction.StartApplication, 1, Set.of(), Optional.empty(), false),
                new AppChange(AppId.parse("/web"), DeploymentAction.StartApplication, 2, Set.of(), Optional.empty(), false))));

        DeploymentRepository reloaded = new DeploymentRepository(store);

        assertThat(reloaded.all()).extracting(Deployment::id).containsExactly("plan");
        assertThat(reloaded.get("plan")).isPresent();
        assertThat(reloaded.of(AppId.parse("/web"))).map(Deployment::id).contains("plan");
        assertThat(store.keys("deployments")).containsExactly("deployments/plan");
        assertThatThrownBy(() -> reloaded.put(new Deployment("empty", T, T, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("changes no app");
    }
}
