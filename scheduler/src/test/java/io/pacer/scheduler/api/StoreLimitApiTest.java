package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.scheduler.app.AppId;
import io.pacer.scheduler.store.StateStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app whose definition, as stored, is over the state store's limit for one value (1 MiB - 16 KiB on both stores,
 * docs/ha.md) is refused with a 422 naming its largest field, whether it comes in whole, as the sum of a partial update
 * and what is stored, or inside a group; nothing changes.
 */
class StoreLimitApiTest {
    /** Under the API's 1 MiB request limit, over the store's. */
    private static final int OVER_THE_LIMIT = StateStore.DEFAULT_MAX_VALUE_BYTES + 3000;

    @TempDir
    Path workDir;
    private ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(workDir);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anAppOverTheLimitIsRefusedNamingItsLargestField() throws Exception {
        ObjectNode app = ApiFixture.JSON.createObjectNode().put("id", "/big").put("cmd", "serve");
        app.putObject("env").put("BLOB", "x".repeat(OVER_THE_LIMIT));

        HttpResponse<String> refused = api.send("POST", "/v2/apps", app.toString());

        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode body = ApiFixture.JSON.readTree(refused.body());
        assertThat(body.get("message").asText()).isEqualTo("Object is not valid");
        assertThat(body.get("details")).hasSize(1);
        assertThat(body.at("/details/0/path").asText()).isEqualTo("/env");
        assertThat(body.at("/details/0/errors/0").asText())
                .matches("the app definition is 1,035,\\d{3} bytes as stored, over the state store's limit of 1,032,192 bytes;"
                        + " its largest field, env, is 1,035,\\d{3} bytes");
        assertThat(api.send("GET", "/v2/apps/big", null).statusCode()).isEqualTo(404);
        assertThat(api.deployments.all()).isEmpty();
    }

    @Test
    void aPartialUpdateThatWouldMakeAnAppTooLargeChangesNothing() throws Exception {
        ObjectNode app = ApiFixture.JSON.createObjectNode().put("id", "/web").put("cmd", "serve");
        app.putObject("env").put("BLOB", "x".repeat(600_000));
        assertThat(api.send("POST", "/v2/apps", app.toString()).statusCode()).isEqualTo(201);
        api.finishDeployments();
        String version = api.apps.get(AppId.parse("/web")).orElseThrow().version().toString();
        ObjectNode labels = ApiFixture.JSON.createObjectNode();
        labels.putObject("labels").put("NOTES", "y".repeat(500_000));

        HttpResponse<String> refused = api.send("PATCH", "/v2/apps/web", labels.toString());

        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode body = ApiFixture.JSON.readTree(refused.body());
        assertThat(body.at("/details/0/path").asText()).as("the larger of the two").isEqualTo("/env");
        assertThat(body.at("/details/0/errors/0").asText()).contains("its largest field, env, is 600,");
        assertThat(api.apps.get(AppId.parse("/web")).orElseThrow().labels()).isEmpty();
        assertThat(api.apps.get(AppId.parse("/web")).orElseThrow().version().toString()).isEqualTo(version);
        assertThat(api.apps.versions(AppId.parse("/web"))).hasSize(1);
        assertThat(api.deployments.all()).isEmpty();
    }

    @Test
    void aGroupWithAnAppOverTheLimitIsRefusedNamingTheAppAndItsLargestField() throws Exception {
        ObjectNode group = ApiFixture.JSON.createObjectNode().put("id", "/shop");
        ArrayNode apps = group.putArray("apps");
        apps.addObject().put("id", "cart").put("cmd", "serve");
        ObjectNode big = apps.addObject().put("id", "big").put("cmd", "serve");
        big.putObject("labels").put("NOTES", "x".repeat(OVER_THE_LIMIT));

        HttpResponse<String> refused = api.send("POST", "/v2/groups", group.toString());

        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode body = ApiFixture.JSON.readTree(refused.body());
        assertThat(body.get("message").asText()).isEqualTo("Object is not valid");
        assertThat(body.get("details")).hasSize(1);
        assertThat(body.at("/details/0/path").asText()).isEqualTo("/shop/big");
        assertThat(body.at("/details/0/errors/0").asText()).contains("over the state store's limit of 1,032,192 bytes",
                "its largest field, labels, is 1,035,");
        assertThat(api.send("GET", "/v2/groups/shop", null).statusCode()).isEqualTo(404);
        assertThat(api.apps.all()).isEmpty();
        assertThat(api.deployments.all()).isEmpty();
    }
}
