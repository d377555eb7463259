package io.pacer.scheduler.task;

import io.pacer.scheduler.store.StateStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret each executor's own endpoint asks for (docs/security.md, "The executor's endpoint"): HMAC-SHA256 of the
 * executor id under one Pacer-wide key. A pure function of the executor id, so that every task of one executor
 * carries the same one and nothing per executor is stored; the key is kept in Pacer's state, so a restarted Pacer
 * still opens the endpoints of the executors that kept running. Never printed: {@link #toString()} hides the key.
 */
public final class ExecutorEndpointSecrets {
    /** The key's name in the state store. */
    public static final String STORE_KEY = "executor-endpoint.key";
    private static final int KEY_BYTES = 32;
    private static final String MAC = "HmacSHA256";

    private final SecretKeySpec key;

    private ExecutorEndpointSecrets(byte[] key) {
        if (key.length < KEY_BYTES) {
            throw new IllegalArgumentException("an executor endpoint key has " + KEY_BYTES + " bytes or more, this one " + key.length);
        }
        this.key = new SecretKeySpec(key, MAC);
    }

    /** The key Pacer's state holds, made (random) and written there before first use. */
    public static ExecutorEndpointSecrets loadOrCreate(StateStore store) {
        return new ExecutorEndpointSecrets(store.read(STORE_KEY).orElseGet(() -> {
            byte[] fresh = randomKey();
            store.write(STORE_KEY, fresh);
            return fresh;
        }));
    }

    /** On a key read elsewhere (an end-to-end test reading a Pacer's state, as an operator could). */
    public static ExecutorEndpointSecrets ofKey(byte[] key) {
        return new ExecutorEndpointSecrets(key);
    }

    /** A key of its own, kept nowhere (tests, and anything that need not outlive this process). */
    public static ExecutorEndpointSecrets random() {
        return new ExecutorEndpointSecrets(randomKey());
    }

    /** Base64url (no padding) of HMAC-SHA256(key, executor id): 43 characters, safe in a header and in JSON. */
    public String secretOf(String executorId) {
        try {
            Mac mac = Mac.getInstance(MAC); // not thread-safe: one per call, cheap next to the request it signs
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(executorId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The {@code Authorization} header value a request to that executor's endpoint carries. */
    public String authorizationOf(String executorId) {
        return "Bearer " + secretOf(executorId);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Override
    public String toString() {
        return "ExecutorEndpointSecrets[HMAC-SHA256, key ***]";
    }
}
