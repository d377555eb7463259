package io.pacer.scheduler.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacer.scheduler.store.DurableStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorEndpointSecretsTest {
    @TempDir
    Path state;

    @Test
    void aRestartedPacerDerivesTheSameSecretsFromTheKeyItsStateKeeps() {
        String before = ExecutorEndpointSecrets.loadOrCreate(new DurableStore(state)).secretOf("pacer.web.19a8705bab86");
        String after = ExecutorEndpointSecrets.loadOrCreate(new DurableStore(state)).secretOf("pacer.web.19a8705bab86");

        assertThat(after).isEqualTo(before);
        assertThat(ExecutorEndpointSecrets.loadOrCreate(new DurableStore(state.resolve("another-pacer"))).secretOf("pacer.web.19a8705bab86"))
                .as("another Pacer's key").isNotEqualTo(before);
    }

    @Test
    void theSecretIsTheHmacSha256OfTheExecutorIdUnderTheStoredKey() throws Exception {
        DurableStore store = new DurableStore(state);
        ExecutorEndpointSecrets secrets = ExecutorEndpointSecrets.loadOrCreate(store);
        byte[] key = store.read(ExecutorEndpointSecrets.STORE_KEY).orElseThrow();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal("pacer.web.1".getBytes(StandardCharsets.UTF_8)));

        assertThat(key).hasSize(32);
        assertThat(secrets.secretOf("pacer.web.1")).isEqualTo(expected).matches("[A-Za-z0-9_-]{43}");
        assertThat(secrets.authorizationOf("pacer.web.1")).isEqualTo("Bearer " + expected);
        assertThat(secrets.secretOf("pacer.web.2")).isNotEqualTo(expected);
    }

    @Test
    void neverPrintsItsKey() {
        DurableStore store = new DurableStore(state);
        ExecutorEndpointSecrets secrets = ExecutorEndpointSecrets.loadOrCreate(store);
        String key = Base64.getEncoder().encodeToString(store.read(ExecutorEndpointSecrets.STORE_KEY).orElseThrow());

        assertThat(secrets.toString()).doesNotContain(key).contains("***");
    }
}
