package io.pacer.scheduler.group;

import static io.pacer.scheduler.group.TestApps.V1;
import static io.pacer.scheduler.group.TestApps.id;
import static io.pacer.scheduler.group.TestApps.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.PathId;
import io.pacer.scheduler.app.Violations;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GroupJsonReaderTest {
    /** In the shape of Marathon's application-groups.md "product" example: three groups, relative dependencies. */
    private static final String PRODUCT = """
            {
              "id": "/product",
              "groups": [
                {"id": "/product/database",
                 "apps": [{"id": "/product/database/mongo", "cmd": "mongod", "cpus": 0.1, "mem": 64, "instances": 1},
                          {"id": "mysql", "cmd": "mysqld", "cpus": 0.1, "mem": 64, "instances": 1}]},
                {"id": "service", "dependencies": ["../database"],
                 "apps": [{"id": "rails", "cmd": "rails s", "instances": 2, "dependencies": ["./play"]},
                          {"id": "/product/service/play", "cmd": "play run", "dependencies": []}]},
                {"id": "frontend", "dependencies": ["/product/service"],
                 "apps": [{"id": "nginx", "cmd": "nginx", "instances": 3}], "groups": [], "enforceRole": false}
              ]
            }""";

    @Test
    void aMarathonShapedTreeIsReadWithEveryIdMadeAbsoluteAgainstItsGroup() {
        GroupDefinition product = structure(GroupJsonReader.read(json(PRODUCT), PathId.root(), V1));

        assertThat(product.id()).isEqualTo(id("/product"));
        assertThat(product.transitiveApps()).extracting(a -> a.id().path()).containsExactly("/product/database/mongo",
                "/product/database/mysql", "/product/frontend/nginx", "/product/service/play", "/product/service/rails");
        assertThat(product.group(id("/product/service")).orElseThrow().dependencies()).containsExactly(id("/product/database"));
        assertThat(product.group(id("/product/frontend")).orElseThrow().dependencies()).containsExactly(id("/product/service"));
        assertThat(product.app(id("/product/service/rails")).orElseThrow().dependencies()).containsExactly(id("/product/service/play"));
        assertThat(product.app(id("/product/frontend/nginx")).orElseThrow().instances()).isEqualTo(3);
        assertThat(product.transitiveGroups()).allMatch(g -> g.version().equals(V1));
        assertThat(product.transitiveApps()).allMatch(a -> a.version().equals(V1));
        DependencyGraph graph = DependencyGraph.of(GroupDefinition.empty(PathId.root(), V1).putGroup(product, V1), PathId.root());
        assertThat(graph.levels(product.transitiveApps().stream().map(a -> a.id()).collect(java.util.stream.Collectors.toSet())))
                .containsExactly(
                        java.util.List.of(id("/product/database/mongo"), id("/product/database/mysql")),
                        java.util.List.of(id("/product/service/play")),
                        java.util.List.of(id("/product/service/rails")),
                        java.util.List.of(id("/product/frontend/nginx")));
    }

    @Test
    void theBodysIdIsRelativeToTheUrlsGroupAndDefaultsToIt() {
        assertThat(GroupJsonReader.read(json("{\"id\": \"backend\"}"), id("/shop"), V1).groupId()).isEqualTo(id("/shop/backend"));
        assertThat(GroupJsonReader.read(json("{\"id\": \"/other\"}"), id("/shop"), V1).groupId()).isEqualTo(id("/other"));
        assertThat(GroupJsonReader.read(json("{\"apps\": []}"), id("/shop"), V1).groupId()).isEqualTo(id("/shop"));
        assertThat(GroupJsonReader.read(json("{\"dependencies\": [\"/db\"]}"), PathId.root(), V1).groupId())
                .as("the root may be updated").isEqualTo(PathId.root());
    }

    @Test
    void appProblemsAreReportedWithTheirFullJsonPathAndNothingIsRead() {
        Violations violations = violations("""
                {"id": "/shop", "apps": [{"id": "web", "cmd": "x"}],
                 "groups": [{"id": "backend", "apps": [{"id": "db", "cmd": "x"}, {"id": "cache", "cpus": 0, "bogus": 1}, 7]}]}""");

        assertThat(violations.byPath()).containsOnlyKeys("/groups(0)/apps(1)/cpus", "/groups(0)/apps(1)/bogus",
                "/groups(0)/apps(1)", "/groups(0)/apps(2)");
        assertThat(violations.byPath().get("/groups(0)/apps(1)/cpus")).containsExactly("must be at least 0.001, was 0");
        assertThat(violations.byPath().get("/groups(0)/apps(1)"))
                .containsExactly("AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'");
        assertThat(violations.byPath().get("/groups(0)/apps(2)")).containsExactly("must be an object");
    }

    @Test
    void appsAndGroupsMustBeDirectChildrenOfTheirGroup() {
        Violations violations = violations("""
                {"id": "/shop", "apps": [{"id": "/other/web", "cmd": "x"}, {"id": "backend/db", "cmd": "x"}],
                 "groups": [{"id": "/shop/a/b"}, {"id": "/elsewhere"}, {}]}""");

        assertThat(violations.byPath().get("/apps(0)/id")).containsExactly("Identifier is not child of '/shop'");
        assertThat(violations.byPath().get("/apps(1)/id")).containsExactly("Identifier is not child of '/shop'");
        assertThat(violations.byPath().get("/groups(0)/id")).singleElement().asString()
                .startsWith(GroupJsonReader.GROUP_NOT_CHILD).contains("/shop/a/b");
        assertThat(violations.byPath()).containsKeys("/groups(1)/id", "/groups(2)/id");
    }

    @Test
    void invalidIdsAreRefusedWithMarathonsWords() {
        Violations violations = violations("""
                {"id": "/Shop_1", "groups": [{"id": "tasks"}], "dependencies": ["Bad Id"]}""");

        assertThat(violations.byPath().get("/id")).containsExactly(AppId.BAD_CHARACTERS);
        assertThat(violations.byPath().get("/groups(0)/id")).as("under /Shop_1 too").containsExactly(AppId.BAD_CHARACTERS, AppId.RESERVED_END);
        assertThat(violations.byPath().get("/dependencies(0)")).containsExactly(AppId.BAD_CHARACTERS);
    }

    @Test
    void anAppAndAGroupWithOneIdClash() {
        Violations violations = violations("""
                {"id": "/shop", "apps": [{"id": "db", "cmd": "x"}], "groups": [{"id": "db"}]}""");

        assertThat(violations.byPath()).containsOnlyKeys("/groups(0)/id");
        assertThat(violations.byPath().get("/groups(0)/id")).containsExactly("Groups and Applications may not have the same identifier.");
    }

    @Test
    void anIdGivenTwiceInOneRequestIsRefused() {
        Violations violations = violations("""
                {"id": "/shop", "apps": [{"id": "db", "cmd": "x"}, {"id": "/shop/db", "cmd": "y"}],
                 "groups": [{"id": "a"}, {"id": "./a"}]}""");

        assertThat(violations.byPath().get("/apps(1)/id")).containsExactly("is /shop/db, given more than once in this request");
        assertThat(violations.byPath().get("/groups(1)/id")).containsExactly("is /shop/a, given more than once in this request");
    }

    @Test
    void scaleByMustBeGreaterThanZeroAndStandAlone() {
        GroupChange scale = GroupJsonReader.read(json("{\"scaleBy\": 1.5}"), id("/shop"), V1);
        assertThat(scale).isEqualTo(new GroupChange.Scale(id("/shop"), 1.5));

        assertThat(violations("{\"scaleBy\": 0}").byPath().get("/scaleBy")).containsExactly("must be greater than 0, was 0.0");
        assertThat(violations("{\"scaleBy\": -2}").byPath().get("/scaleBy")).containsExactly("must be greater than 0, was -2.0");
        assertThat(violations("{\"scaleBy\": \"2\"}").byPath().get("/scaleBy")).containsExactly("must be a number");
        assertThat(violations("{\"scaleBy\": 2, \"apps\": []}").byPath().get("/scaleBy"))
                .containsExactly("not allowed in conjunction with other properties.");
        assertThat(violations("{\"groups\": [{\"id\": \"a\", \"scaleBy\": 2}]}").byPath())
                .as("only the body's group scales").containsKey("/groups(0)/scaleBy");
    }

    @Test
    void aVersionAloneRevertsTheGroup() {
        Instant version = Instant.parse("2026-11-30T08:00:00.123Z");

        assertThat(GroupJsonReader.read(json("{\"version\": \"2026-11-30T08:00:00.123Z\"}"), id("/shop"), V1))
                .isEqualTo(new GroupChange.Revert(id("/shop"), version));
        assertThat(violations("{\"version\": \"yesterday\"}").byPath()).containsOnlyKeys("/version");
        assertThat(violations("{\"version\": \"2026-11-30T08:00:00.123Z\", \"scaleBy\": 2}").byPath())
                .containsOnlyKeys("/version", "/scaleBy");
    }

    @Test
    void unknownFieldsAndNonObjectsAreRefused() {
        assertThat(violations("{\"id\": \"/x\", \"colour\": \"red\"}").byPath()).containsOnlyKeys("/colour");
        assertThat(violations("[]").byPath()).containsOnlyKeys("/");
        assertThat(violations("{\"groups\": [3]}").byPath()).containsOnlyKeys("/groups(0)");
        assertThat(violations("{\"enforceRole\": 1}").byPath().get("/enforceRole")).containsExactly("must be true or false");
        assertThat(GroupJsonReader.read(json("{\"id\": \"/x\", \"enforceRole\": true}"), PathId.root(), V1)).isInstanceOf(GroupChange.Structure.class);
    }

    private static GroupDefinition structure(GroupChange change) {
        assertThat(change).isInstanceOf(GroupChange.Structure.class);
        return ((GroupChange.Structure) change).group();
    }

    private static Violations violations(String text) {
        return catchThrowableOfType(Violations.InvalidException.class,
                () -> GroupJsonReader.read(json(text), PathId.root(), V1)).violations();
    }
}
