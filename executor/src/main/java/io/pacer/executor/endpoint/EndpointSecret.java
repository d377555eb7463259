package io.pacer.executor.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a request to the executor's endpoint must carry, {@code Authorization: Bearer <secret>}, the secret being the
 * one the scheduler puts in every task's spec (docs/security.md, "The executor's endpoint"). Until the first task
 * brings it, nothing is admitted. It is the same in every task of one executor, so the first one kept is final; the
 * secret is never logged nor shown.
 */
public final class EndpointSecret {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointSecret.class);
    private final AtomicReference<byte[]> expected = new AtomicReference<>();

    /** Keeps {@code secret} if none is kept yet; a different one later is refused (and said, without either value). */
    public void learn(Optional<String> secret) {
        secret.map(s -> ("Bearer " + s).getBytes(StandardCharsets.UTF_8)).ifPresent(header -> {
            if (!expected.compareAndSet(null, header) && !MessageDigest.isEqual(expected.get(), header)) {
                LOG.warn("A task brought another endpoint secret than this executor's first task; keeping the first");
            }
        });
    }

    /** Whether {@code authorization} (the header's value, null when absent) is the secret's, compared in constant time. */
    public boolean admits(String authorization) {
        byte[] wanted = expected.get();
        // MessageDigest.isEqual takes the same time for every content of a given length (JDK 6u17 on)
        return wanted != null && authorization != null
                && MessageDigest.isEqual(wanted, authorization.getBytes(StandardCharsets.UTF_8));
    }
}
