package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pacer.scheduler.app.AppDefinition;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.app.AppJsonReader;
import io.pacer.scheduler.app.AppRepository;
import io.pacer.scheduler.store.DurableStore;
import io.pacer.scheduler.time.UtcTestClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app's versions (apps.raml /versions, AppVersionsResource.scala), its versionInfo (GroupVersioningUtil.scala) and
 * the rollback to a stored version by PUT {"version": V} (AppHelpers.updateOrCreate).
 */
class AppVersionsApiTest {
    @TempDir
    Path workDir;
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(workDir, new SecondPerReading(), Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void everyChangeIsAVersionListedNewestFirstAndShownAsItWas() throws Exception {
        String first = change("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\"}");
        String second = change("PATCH", "/v2/apps/web", "{\"instances\": 3}");
        String third = change("PATCH", "/v2/apps/web", "{\"cmd\": \"serve --fast\"}");

        JsonNode versions = api.json("GET", "/v2/apps/web/versions", null).get("versions");
        assertThat(versions).extracting(JsonNode::asText).containsExactly(third, second, first);
        JsonNode atSecond = api.json("GET", "/v2/apps/web/versions/" + second, null);
        assertThat(atSecond.get("cmd").asText()).isEqualTo("serve");
        assertThat(atSecond.get("instances").asInt()).isEqualTo(3);
        assertThat(atSecond.get("version").asText()).isEqualTo(second);

        HttpResponse<String> missing = api.send("GET", "/v2/apps/web/versions/2020-01-01T00:00:00.000Z", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(ApiFixture.JSON.readTree(missing.body()).get("message").asText())
                .isEqualTo("App '/web' does not exist in version 2020-01-01T00:00:00.000Z");
        HttpResponse<String> garbled = api.send("GET", "/v2/apps/web/versions/yesterday", null);
        assertThat(garbled.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.JSON.readTree(garbled.body()).get("message").asText()).contains("Invalid version 'yesterday'");
        assertThat(api.send("GET", "/v2/apps/nothing/versions", null).statusCode()).isEqualTo(404);
    }

    @Test
    void versionInfoMovesLastScalingAtOnScalesAndBothOnConfigurationChangesAsMarathonDoes() throws Exception {
        String created = change("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\"}");
        assertVersionInfo(created, created);
        String scaled = change("PATCH", "/v2/apps/web", "{\"instances\": 2}");
        assertVersionInfo(scaled, created);
        String restarted = change("POST", "/v2/apps/web/restart", null);
        assertVersionInfo(scaled, restarted);
        String strategyOnly = change("PATCH", "/v2/apps/web", "{\"upgradeStrategy\": {\"minimumHealthCapacity\": 0.5}}");
        assertThat(app().get("version").asText()).isEqualTo(strategyOnly);
        assertVersionInfo(scaled, restarted);
        String reconfigured = change("PATCH", "/v2/apps/web", "{\"cmd\": \"serve --fast\"}");
        assertVersionInfo(reconfigured, reconfigured);
        assertThat(app().get("version").asText()).isEqualTo(reconfigured);
    }

    @Test
    void putWithAVersionRollsBackToItsDefinitionAndInstanceCountAsANewVersion() throws Exception {
        String first = change("POST", "/v2/apps", "{\"id\": \"/web\", \"cmd\": \"serve\", \"instances\": 2}");
        change("PATCH", "/v2/apps/web", "{\"cmd\": \"serve --broken\", \"instances\": 5}");

        HttpResponse<String> rolledBack = api.send("PUT", "/v2/apps/web", "{\"version\": \"" + first + "\", \"cmd\": \"ignored\"}");

        assertThat(rolledBack.statusCode()).isEqualTo(200);
        JsonNode answer = ApiFixture.JSON.readTree(rolledBack.body());
        JsonNode app = app();
        assertThat(app.get("cmd").asText()).isEqualTo("serve");
        assertThat(app.get("instances").asInt()).isEqualTo(2);
        assertThat(app.get("version").asText()).isEqualTo(answer.get("version").asText()).isNotEqualTo(first);
        assertThat(api.json("GET", "/v2/deployments", null).get(0).get("steps").get(0).get("actions").get(0)
                .get("action").asText()).isEqualTo("RestartApplication");
        assertThat(api.json("GET", "/v2/apps/web/versions", null).get("versions")).hasSize(3);
        api.finishDeployments();

        HttpResponse<String> unknown = api.send("PUT", "/v2/apps/web", "{\"version\": \"2020-01-01T00:00:00.000Z\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(ApiFixture.JSON.readTree(unknown.body()).get("message").asText())
                .isEqualTo("App '/web' does not exist in version 2020-01-01T00:00:00.000Z");
        assertThat(app().get("version").asText()).as("nothing changed").isEqualTo(answer.get("version").asText());
    }

    @Test
    void theStoreKeepsAtMostMaxVersionsOldestDroppedFirstAndForgetsThemWithTheApp() throws Exception {
        AppRepository apps = new AppRepository(new DurableStore(workDir.resolve("bounded")), 3);
        List<Instant> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant version = Instant.parse("2026-12-03T10:00:00Z").plusSeconds(i);
            made.add(version);
            apps.put(AppJsonReader.read(ApiFixture.JSON.readTree("{\"id\": \"/web\", \"cmd\": \"serve " + i + "\"}"),
                    Optional.empty(), version));
        }

        assertThat(apps.versions(AppId.parse("/web"))).containsExactly(made.get(4), made.get(3), made.get(2));
        assertThat(apps.version(AppId.parse("/web"), made.get(2)).map(AppDefinition::cmd)).contains(Optional.of("serve 2"));
        assertThat(apps.version(AppId.parse("/web"), made.get(1))).isEmpty();
        AppRepository reopened = new AppRepository(new DurableStore(workDir.resolve("bounded")), 3);
        assertThat(reopened.versions(AppId.parse("/web"))).containsExactly(made.get(4), made.get(3), made.get(2));

        reopened.delete(AppId.parse("/web"));
        reopened.put(AppJsonReader.read(ApiFixture.JSON.readTree("{\"id\": \"/web\", \"cmd\": \"again\"}"),
                Optional.empty(), made.get(0)));
        assertThat(reopened.versions(AppId.parse("/web"))).as("a new app of the same id starts afresh").containsExactly(made.get(0));
    }

    /** Makes a change, lets its deployment finish (as the scheduler would), and gives the version it made. */
    private String change(String method, String path, String body) throws Exception {
        HttpResponse<String> answer = api.send(method, path, body);
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isIn(200, 201);
        api.finishDeployments();
        return ApiFixture.JSON.readTree(answer.body()).get("version").asText();
    }

    private JsonNode app() throws Exception {
        return api.json("GET", "/v2/apps/web", null).get("app");
    }

    private void assertVersionInfo(String lastScalingAt, String lastConfigChangeAt) throws Exception {
        JsonNode info = app().get("versionInfo");
        assertThat(info.get("lastScalingAt").asText()).as("lastScalingAt").isEqualTo(lastScalingAt);
        assertThat(info.get("lastConfigChangeAt").asText()).as("lastConfigChangeAt").isEqualTo(lastConfigChangeAt);
    }

    /** A clock a second later at every reading, so that every change is a version of its own. */
    private static final class SecondPerReading extends UtcTestClock {
        private Instant now = Instant.parse("2026-12-03T10:00:00.250Z");

        @Override
        public synchronized Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }
    }
}
