package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import io.pacer.scheduler.store.LeadershipLostException;
import io.pacer.scheduler.store.ValueTooLargeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the API answers when the state store refuses a write: never a 500 for what the caller can act on. */
class ApiServerFailuresTest {
    private ApiServer api;

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aValueTooLargeForTheStoreIs422AndALostLeadershipIs503() throws Exception {
        Route tooLarge = request -> {
            throw new ValueTooLargeException("deployments/d1", 2_000_000, 1_032_192, "ZooKeeper at zk:2181/pacer/state");
        };
        Route deposed = request -> {
            throw new LeadershipLostException("apps/web.json", "/pacer/leader/_c_x-latch-0000000001");
        };
        api = ApiServer.start("127.0.0.1", 0, 1024, 1024, Map.of("/v2/deployments", tooLarge, "/v2/apps", deposed), null);
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> big = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/v2/deployments"))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> lost = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/v2/apps"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(big.statusCode()).isEqualTo(422);
        assertThat(big.body()).contains("Object is not valid").contains("deployments/d1").contains("change fewer apps at once");
        assertThat(lost.statusCode()).isEqualTo(503);
        assertThat(lost.body()).contains("no longer leads").contains("the new leader answers");
    }
}
