package io.pacer.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WhoAmIResourceTest {
    private static final ApiUsers USERS = ApiUsers.of(List.of(new ApiUsers.User("ops", "op-pw".getBytes(StandardCharsets.UTF_8), ApiUsers.Role.ADMIN),
            new ApiUsers.User("dev", "dev-pw".getBytes(StandardCharsets.UTF_8), ApiUsers.Role.VIEWER)));

    private static String ask(ApiUsers users, Map<String, String> headers) {
        ApiResponse answer = new WhoAmIResource(users).route().handle(new ApiRequest("GET", WhoAmIResource.PREFIX, Map.of(), headers,
                new byte[0], "127.0.0.1"));
        assertThat(answer.status()).isEqualTo(200);
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void namesTheUserAndRoleTheCredentialsProve() {
        assertThat(ask(USERS, basic("dev", "dev-pw"))).isEqualTo("{\"user\":\"dev\",\"role\":\"viewer\",\"authentication\":\"basic\"}");
        assertThat(ask(USERS, basic("ops", "op-pw"))).isEqualTo("{\"user\":\"ops\",\"role\":\"admin\",\"authentication\":\"basic\"}");
    }

    @Test
    void withoutUsersEveryoneIsAnAnonymousAdmin() {
        assertThat(ask(ApiUsers.none(), Map.of())).isEqualTo("{\"user\":null,\"role\":\"admin\",\"authentication\":\"none\"}");
    }

    @Test
    void credentialsTheGateWouldRefuseAre401NeverSomebody() {
        assertThatThrownBy(() -> ask(USERS, basic("dev", "op-pw"))).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).response().status()).isEqualTo(401);
    }
}
