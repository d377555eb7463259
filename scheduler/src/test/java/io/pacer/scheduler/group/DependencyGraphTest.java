package io.pacer.scheduler.group;

import static io.pacer.scheduler.group.TestApps.V1;
import static io.pacer.scheduler.group.TestApps.app;
import static io.pacer.scheduler.group.TestApps.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.PathId;
import io.pacer.scheduler.app.Violations;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

    @Test
    void aFiveLevelChainDeploysOneLevelAtATimeFromTheBottom() {
        GroupDefinition root = tree(app("/chain/l1", 1, V1), app("/chain/l2", 1, V1, "l1"), app("/chain/l3", 1, V1, "l2"),
                app("/chain/l4", 1, V1, "l3"), app("/chain/l5", 1, V1, "l4"));

        assertThat(DependencyGraph.of(root, PathId.root()).levels(allApps(root))).containsExactly(
                List.of(id("/chain/l1")), List.of(id("/chain/l2")), List.of(id("/chain/l3")), List.of(id("/chain/l4")),
                List.of(id("/chain/l5")));
    }

    @Test
    void aDiamondPutsBothMiddleAppsInOneLevel() {
        GroupDefinition root = tree(app("/d/base", 1, V1), app("/d/left", 1, V1, "base"), app("/d/right", 1, V1, "/d/base"),
                app("/d/top", 1, V1, "left", "right"));

        DependencyGraph graph = DependencyGraph.of(root, PathId.root());
        assertThat(graph.levels(allApps(root))).containsExactly(
                List.of(id("/d/base")), List.of(id("/d/left"), id("/d/right")), List.of(id("/d/top")));
        assertThat(graph.dependenciesOf(id("/d/top"))).containsExactlyInAnyOrder(id("/d/left"), id("/d/right"));
    }

    @Test
    void levelsMeasurePathsThroughTheWholeTreeAndKeepOnlyTheAffectedApps() {
        GroupDefinition root = tree(app("/a", 1, V1), app("/b", 1, V1, "/a"), app("/c", 1, V1, "/b"), app("/lone", 1, V1));

        assertThat(DependencyGraph.of(root, PathId.root()).levels(Set.of(id("/c"), id("/lone"), id("/not-an-app"))))
                .as("as runSpecsGroupedByLongestPath: /c keeps its length 3 though /a and /b are not deployed")
                .containsExactly(List.of(id("/lone")), List.of(id("/c")));
    }

    @Test
    void aGroupsDependencyMakesEachOfItsAppsDependOnEachAppOfTheTarget() {
        GroupDefinition root = tree(app("/p/db/mongo", 1, V1), app("/p/db/mysql", 1, V1), app("/p/web/rails", 1, V1),
                app("/p/web/play", 1, V1), app("/p/cache", 1, V1));
        root = root.putGroup(root.group(id("/p/web")).orElseThrow().withDependencies(Set.of(id("/p/db"), id("/p/cache"))), V1);

        DependencyGraph graph = DependencyGraph.of(root, PathId.root());
        assertThat(graph.dependenciesOf(id("/p/web/play"))).containsExactlyInAnyOrder(id("/p/db/mongo"), id("/p/db/mysql"), id("/p/cache"));
        assertThat(graph.levels(allApps(root))).containsExactly(
                List.of(id("/p/cache"), id("/p/db/mongo"), id("/p/db/mysql")), List.of(id("/p/web/play"), id("/p/web/rails")));
    }

    @Test
    void anAppDependingOnAGroupDependsOnEveryAppInIt() {
        GroupDefinition root = tree(app("/shop/db/a", 1, V1), app("/shop/db/b", 1, V1), app("/shop/web", 1, V1, "db"));

        assertThat(DependencyGraph.of(root, PathId.root()).dependenciesOf(id("/shop/web"))).containsExactlyInAnyOrder(id("/shop/db/a"), id("/shop/db/b"));
    }

    @Test
    void aDependencyOnNothingNamesTheDependent() {
        GroupDefinition root = tree(app("/shop/web", 1, V1, "/shop/db"), app("/shop/cart", 1, V1));
        root = root.putGroup(root.group(id("/shop")).orElseThrow().withDependencies(Set.of(id("/auth"))), V1);

        Violations violations = violations(root);
        assertThat(violations.byPath()).containsOnlyKeys("/shop/web", "/shop");
        assertThat(violations.byPath().get("/shop/web")).containsExactly("depends on /shop/db, which is neither an app nor a group");
        assertThat(violations.byPath().get("/shop")).containsExactly("depends on /auth, which is neither an app nor a group");
    }

    @Test
    void aCycleIsRefusedWithMarathonsWordsAndTheCycle() {
        GroupDefinition root = tree(app("/shop/a", 1, V1, "b"), app("/shop/b", 1, V1, "c"), app("/shop/c", 1, V1, "a"),
                app("/shop/d", 1, V1, "c"));

        assertThat(violations(root).byPath().get("/"))
                .containsExactly("Dependency graph has cyclic dependencies. /shop/a -> /shop/b -> /shop/c -> /shop/a");
    }

    @Test
    void anAppDependingOnItsOwnGroupIsACycleOfOne() {
        GroupDefinition root = tree(app("/shop/a", 1, V1, "/shop"), app("/x/y", 1, V1, "y"));

        assertThat(violations(root).byPath().get("/")).containsExactly(
                "Dependency graph has cyclic dependencies. /shop/a -> /shop/a",
                "Dependency graph has cyclic dependencies. /x/y -> /x/y");
    }

    @Test
    void aDependencyOutsideTheChangedGroupOnWhatNoLongerExistsIsIgnoredAsMarathonIgnoresIt() {
        GroupDefinition root = tree(app("/old/web", 1, V1, "/gone/db"), app("/shop/api", 1, V1, "/shop/db"), app("/shop/db", 1, V1));

        DependencyGraph graph = DependencyGraph.of(root, id("/shop"));

        assertThat(graph.levels(allApps(root))).containsExactly(List.of(id("/old/web"), id("/shop/db")), List.of(id("/shop/api")));
        assertThat(DependencyGraph.lenient(root).dependenciesOf(id("/old/web"))).isEmpty();
        assertThat(catchThrowableOfType(Violations.InvalidException.class, () -> DependencyGraph.of(root, id("/old")))
                .violations().byPath()).containsOnlyKeys("/old/web");
    }

    private static GroupDefinition tree(AppDefinition... apps) {
        GroupDefinition root = GroupDefinition.empty(PathId.root(), V1);
        for (AppDefinition app : apps) {
            root = root.putApp(app, V1);
        }
        return root;
    }

    private static Set<AppId> allApps(GroupDefinition root) {
        return root.transitiveApps().stream().map(AppDefinition::id).collect(Collectors.toSet());
    }

    private static Violations violations(GroupDefinition root) {
        return catchThrowableOfType(Violations.InvalidException.class, () -> DependencyGraph.of(root, PathId.root())).violations();
    }
}
