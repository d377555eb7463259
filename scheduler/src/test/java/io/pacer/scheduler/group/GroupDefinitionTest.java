package io.pacer.scheduler.group;

import static io.pacer.scheduler.group.TestApps.V1;
import static io.pacer.scheduler.group.TestApps.V2;
import static io.pacer.scheduler.group.TestApps.app;
import static io.pacer.scheduler.group.TestApps.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.PathId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupDefinitionTest {
    private static final GroupDefinition ROOT = GroupDefinition.empty(PathId.root(), V1);

    @Test
    void puttingANestedAppMakesTheGroupsOnItsPathAsMkdirP() {
        GroupDefinition root = ROOT.putApp(app("/shop/backend/db", 1, V2), V2);

        assertThat(root.group(id("/shop"))).isPresent();
        assertThat(root.group(id("/shop/backend")).orElseThrow().apps()).containsOnlyKeys(id("/shop/backend/db"));
        assertThat(root.app(id("/shop/backend/db"))).isPresent();
        assertThat(root.exists(id("/shop/backend"))).isTrue();
        assertThat(root.exists(id("/shop/backend/db"))).isTrue();
        assertThat(root.exists(id("/shop/db"))).isFalse();
        assertThat(root.app(id("/shop/backend"))).as("a group is no app").isEmpty();
        assertThat(root.group(id("/shop/backend/db"))).as("an app is no group").isEmpty();
        assertThat(root.transitiveGroups().map(g -> g.id().path())).containsExactly("/", "/shop", "/shop/backend");
        assertThat(root.group(id("/shop")).orElseThrow().version()).isEqualTo(V2);
        assertThat(ROOT.group(id("/nothing"))).isEmpty();
    }

    @Test
    void transitiveAppsAreEveryAppBelowSortedById() {
        GroupDefinition root = ROOT.putApp(app("/shop/web", 1, V1), V1).putApp(app("/shop/backend/db", 1, V1), V1)
                .putApp(app("/admin", 1, V1), V1);

        assertThat(root.transitiveApps()).extracting(a -> a.id().path()).containsExactly("/admin", "/shop/backend/db", "/shop/web");
        assertThat(root.group(id("/shop")).orElseThrow().transitiveApps()).hasSize(2);
    }

    @Test
    void puttingAGroupReplacesItsWholeSubtreeAndRemovingOneDropsItsApps() {
        GroupDefinition root = ROOT.putApp(app("/shop/web", 1, V1), V1).putApp(app("/shop/backend/db", 1, V1), V1);
        GroupDefinition replacement = GroupDefinition.empty(id("/shop"), V2).putApp(app("/shop/cart", 1, V2), V2)
                .withDependencies(Set.of(id("/auth")));

        GroupDefinition replaced = root.putGroup(replacement, V2);
        assertThat(replaced.transitiveApps()).extracting(a -> a.id().path()).containsExactly("/shop/cart");
        assertThat(replaced.group(id("/shop")).orElseThrow().dependencies()).containsExactly(id("/auth"));
        assertThat(replaced.version()).isEqualTo(V2);

        GroupDefinition removed = root.removeGroup(id("/shop/backend"), V2);
        assertThat(removed.transitiveApps()).extracting(a -> a.id().path()).containsExactly("/shop/web");
        assertThat(removed.exists(id("/shop/backend"))).isFalse();
        assertThat(root.removeGroup(PathId.root(), V2).transitiveApps()).as("the root stays, empty").isEmpty();
        assertThat(root.transitiveApps()).as("the old tree is unchanged").hasSize(2);
    }

    @Test
    void scaleByMultipliesEveryTransitiveAppAndRoundsUpAsMarathon() {
        GroupDefinition root = ROOT.putApp(app("/shop/web", 3, V1), V1).putApp(app("/shop/backend/db", 1, V1), V1)
                .putApp(app("/shop/backend/idle", 0, V1), V1).putApp(app("/other", 2, V1), V1);

        GroupDefinition scaled = root.scaleBy(id("/shop"), 1.5, V2);
        assertThat(instances(scaled)).isEqualTo(Map.of("/shop/web", 5, "/shop/backend/db", 2, "/shop/backend/idle", 0, "/other", 2));
        assertThat(scaled.app(id("/shop/web")).orElseThrow().versionInfo().lastScalingAt()).isEqualTo(V2);
        assertThat(scaled.app(id("/shop/web")).orElseThrow().versionInfo().lastConfigChangeAt()).isEqualTo(V1);
        assertThat(scaled.app(id("/other")).orElseThrow().version()).isEqualTo(V1);

        assertThat(instances(root.scaleBy(id("/shop"), 0.5, V2))).containsEntry("/shop/web", 2).containsEntry("/shop/backend/db", 1);
        assertThat(instances(root.scaleBy(id("/shop"), 0.1, V2))).as("0.30000000000000004 is 1").containsEntry("/shop/web", 1);
        assertThatThrownBy(() -> root.scaleBy(id("/shop"), 0, V2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> root.scaleBy(id("/shop"), -1, V2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAppAndAGroupWithOneIdAreFoundAnywhereInTheTree() {
        GroupDefinition root = ROOT.putApp(app("/shop/db", 1, V1), V1).putApp(app("/top", 1, V1), V1);

        assertThat(root.clashingIds()).isEmpty();
        GroupDefinition clashing = root.putApp(app("/shop/db/replica", 1, V2), V2).putGroup(GroupDefinition.empty(id("/top"), V2), V2);
        assertThat(clashing.clashingIds()).containsExactlyInAnyOrder(id("/shop/db"), id("/top"));
    }

    @Test
    void aChildMustBeDirectlyInItsGroup() {
        AppDefinition deep = app("/shop/backend/db", 1, V1);

        assertThatThrownBy(() -> new GroupDefinition(id("/shop"), Set.of(), V1, Map.of(), Map.of(deep.id(), deep)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/shop/backend/db is not a child of group /shop");
    }

    private static Map<String, Integer> instances(GroupDefinition root) {
        return root.transitiveApps().stream().collect(java.util.stream.Collectors.toMap(a -> a.id().path(), AppDefinition::instances));
    }
}
