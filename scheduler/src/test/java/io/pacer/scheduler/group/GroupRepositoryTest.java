package io.pacer.scheduler.group;

import static io.pacer.scheduler.group.TestApps.V1;
import static io.pacer.scheduler.group.TestApps.V2;
import static io.pacer.scheduler.group.TestApps.V3;
import static io.pacer.scheduler.group.TestApps.app;
import static io.pacer.scheduler.group.TestApps.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.app.PathId;
import io.pacer.scheduler.store.DurableStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupRepositoryTest {
    @TempDir
    Path state;

    @Test
    void anAppsIdMakesItsGroupsImplicitly() {
        AppRepository apps = apps();
        apps.create(app("/shop/backend/db", 1, V1));
        apps.create(app("/web", 1, V2));

        GroupDefinition root = new GroupRepository(store(), apps, 10).root();

        assertThat(root.transitiveGroups().map(g -> g.id().path())).containsExactly("/", "/shop", "/shop/backend");
        assertThat(root.app(id("/shop/backend/db"))).isPresent();
        assertThat(root.app(id("/web"))).isPresent();
        assertThat(root.group(id("/shop")).orElseThrow().version()).as("its newest app's").isEqualTo(V1);
        assertThat(root.version()).isEqualTo(V2);
    }

    @Test
    void explicitGroupsAreStoredLoadedAtStartAndStayWhenTheirLastAppGoes() {
        AppRepository apps = apps();
        GroupRepository groups = new GroupRepository(store(), apps, 10);
        GroupDefinition shop = GroupDefinition.empty(id("/shop"), V1).putApp(app("/shop/web", 1, V1), V1)
                .putGroup(GroupDefinition.empty(id("/shop/empty/deeper"), V1), V1)
                .withDependencies(Set.of(id("/auth")));
        shop.transitiveApps().forEach(apps::put);
        groups.put(shop);
        apps.delete(id("/shop/web"));

        GroupDefinition root = new GroupRepository(store(), apps(), 10).root();

        assertThat(root.transitiveGroups().map(g -> g.id().path())).containsExactly("/", "/shop", "/shop/empty", "/shop/empty/deeper");
        assertThat(root.group(id("/shop")).orElseThrow().dependencies()).containsExactly(id("/auth"));
        assertThat(root.transitiveApps()).isEmpty();
    }

    @Test
    void putReplacesTheSubtreeAndRemoveForgetsItsGroupsAndVersions() {
        AppRepository apps = apps();
        GroupRepository groups = new GroupRepository(store(), apps, 10);
        groups.put(GroupDefinition.empty(id("/shop"), V1).putGroup(GroupDefinition.empty(id("/shop/old"), V1), V1));
        groups.put(GroupDefinition.empty(id("/shop/old"), V2));
        groups.put(GroupDefinition.empty(id("/shop"), V2).putGroup(GroupDefinition.empty(id("/shop/new"), V2), V2));

        assertThat(groups.root().transitiveGroups().map(g -> g.id().path())).containsExactly("/", "/shop", "/shop/new");
        assertThat(groups.versions(id("/shop/old"))).as("gone with its group").isEmpty();

        groups.remove(id("/shop"));
        assertThat(new GroupRepository(store(), apps, 10).root().transitiveGroups().map(g -> g.id().path())).containsExactly("/");
        assertThat(groups.versions(id("/shop"))).isEmpty();
    }

    @Test
    void aGroupVersionRebuildsItsSubtreeWithTheAppsAsTheyWere() {
        AppRepository apps = apps();
        GroupRepository groups = new GroupRepository(store(), apps, 10);
        apps.put(app("/shop/web", 1, V1));
        apps.put(app("/shop/backend/db", 2, V1));
        GroupDefinition v1 = groups.root().group(id("/shop")).orElseThrow();
        groups.put(v1);
        GroupDefinition v2 = v1.scaleBy(id("/shop"), 3, V2).withDependencies(Set.of(id("/auth")));
        v2.transitiveApps().forEach(apps::put);
        groups.put(v2);

        GroupRepository reopened = new GroupRepository(store(), apps, 10);
        assertThat(reopened.versions(id("/shop"))).containsExactly(V2, V1);
        assertThat(reopened.version(id("/shop"), V1)).contains(v1);
        assertThat(reopened.version(id("/shop"), V2)).contains(v2);
        assertThat(reopened.version(id("/shop"), V3)).isEmpty();
        assertThat(reopened.versions(id("/shop/backend"))).as("only the changed group is versioned").isEmpty();
        assertThat(reopened.root().app(id("/shop/web")).orElseThrow().instances()).isEqualTo(3);

        apps.delete(id("/shop/web"));
        assertThat(reopened.version(id("/shop"), V1)).as("an app version no longer kept").isEmpty();
    }

    @Test
    void atMostMaxVersionsAreKeptPerGroupOldestDroppedFirst() {
        GroupRepository groups = new GroupRepository(store(), apps(), 3);
        for (int i = 0; i < 5; i++) {
            groups.put(GroupDefinition.empty(id("/shop"), V1.plusSeconds(i)));
        }
        groups.put(groups.root());

        assertThat(groups.versions(id("/shop"))).containsExactly(V1.plusSeconds(4), V1.plusSeconds(3), V1.plusSeconds(2));
        assertThat(groups.versions(PathId.root())).as("the root's own, which changes no other's").containsExactly(V1.plusSeconds(4));
        assertThat(groups.version(id("/shop"), V1)).isEmpty();
        assertThat(groups.version(id("/shop"), V1.plusSeconds(2)).orElseThrow().version()).isEqualTo(Instant.parse("2026-12-01T10:00:02Z"));
    }

    private DurableStore store() {
        return new DurableStore(state);
    }

    private AppRepository apps() {
        return new AppRepository(store(), 10);
    }
}
