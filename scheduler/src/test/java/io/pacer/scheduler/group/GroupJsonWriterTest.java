package io.pacer.scheduler.group;

import static io.pacer.scheduler.group.TestApps.V1;
import static io.pacer.scheduler.group.TestApps.V2;
import static io.pacer.scheduler.group.TestApps.app;
import static io.pacer.scheduler.group.TestApps.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppJsonWriter;
import io.pacer.scheduler.app.PathId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupJsonWriterTest {
    private static final GroupDefinition ROOT = GroupDefinition.empty(PathId.root(), V1)
            .putApp(app("/shop/web", 2, V2), V2).putApp(app("/shop/backend/db", 1, V1), V2).putApp(app("/shop/api", 1, V1), V2);

    @Test
    void byDefaultAGroupEmbedsItsAppsGroupsAndPodsAsMarathonDoes() {
        GroupDefinition shop = ROOT.group(id("/shop")).orElseThrow().withDependencies(Set.of(id("/z"), id("/auth")));

        ObjectNode json = GroupJsonWriter.write(shop, GroupEmbed.parse(List.of()), AppJsonWriter::write);

        assertThat(fieldNames(json)).containsExactly("id", "apps", "groups", "pods", "dependencies", "version", "enforceRole");
        assertThat(json.get("id").asText()).isEqualTo("/shop");
        assertThat(json.get("apps")).extracting(a -> a.get("id").asText()).containsExactly("/shop/api", "/shop/web");
        assertThat(json.get("groups").get(0).get("id").asText()).isEqualTo("/shop/backend");
        assertThat(json.get("groups").get(0).get("apps").get(0).get("id").asText()).isEqualTo("/shop/backend/db");
        assertThat(json.get("pods")).isEmpty();
        assertThat(json.get("dependencies")).extracting(JsonNode::asText).containsExactly("/auth", "/z");
        assertThat(json.get("version").asText()).isEqualTo("2026-12-02T10:00:00.000Z");
        assertThat(json.get("enforceRole").asBoolean()).isFalse();
    }

    @Test
    void embedsChooseWhatIsWrittenAndTheAppJsonComesFromTheCaller() {
        ObjectNode groupsOnly = GroupJsonWriter.write(ROOT, GroupEmbed.parse(List.of("group.groups")), AppJsonWriter::write);
        assertThat(fieldNames(groupsOnly)).containsExactly("id", "groups", "dependencies", "version", "enforceRole");
        assertThat(fieldNames(groupsOnly.get("groups").get(0))).doesNotContain("apps");

        ObjectNode appsOnly = GroupJsonWriter.write(ROOT.group(id("/shop")).orElseThrow(),
                GroupEmbed.parse(List.of("group.apps")), a -> AppJsonWriter.write(a).put("tasksRunning", 7));
        assertThat(fieldNames(appsOnly)).containsExactly("id", "apps", "dependencies", "version", "enforceRole");
        assertThat(appsOnly.get("apps").get(0).get("tasksRunning").asInt()).isEqualTo(7);
    }

    @Test
    void embedValuesAreParsedAsMarathonsInfoEmbedResolverDoes() {
        assertThat(GroupEmbed.parse(List.of())).isEqualTo(GroupEmbed.DEFAULT);
        assertThat(GroupEmbed.parse(List.of("group.apps,group.apps.tasks", "group.apps.lastTaskFailure", "nonsense", "group.apps.bogus")))
                .isEqualTo(new GroupEmbed(false, true, false, Set.of("tasks", "deployments", "lastTaskFailure")));
        assertThat(GroupEmbed.parse(List.of("group.apps.failures")).app()).containsExactlyInAnyOrder("tasks", "lastTaskFailure", "deployments");
        assertThat(GroupEmbed.parse(List.of("group.groups", "group.apps.counts", "group.apps.readiness")))
                .isEqualTo(new GroupEmbed(true, false, false, Set.of("counts", "readiness")));
        assertThat(GroupEmbed.parse(List.of("unknown"))).as("only unknown values embed nothing")
                .isEqualTo(new GroupEmbed(false, false, false, Set.of()));
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
