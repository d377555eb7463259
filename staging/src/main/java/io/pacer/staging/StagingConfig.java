package io.pacer.staging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SSLContext;

/**
 * How an {@link ArtifactStager} behaves.
 *
 * @param cacheDir       the cache shared by every stager on the machine; empty means artifacts marked
 *                       {@code cache} are downloaded straight into the sandbox
 * @param cacheMaxBytes  the cache's size limit; least recently used entries not in use are evicted beyond it
 * @param connectTimeout for opening a connection
 * @param readTimeout    for the response headers and for any pause between body bytes
 * @param maxRetries     further attempts after a connection error, a timeout or a 5xx
 * @param retryBackoff   the pause before the first retry; doubled before each next one
 * @param limits         what one archive may unpack to
 * @param sslContext     whom https trusts; empty means the JDK's default, the system trust store
 * @param meterRegistry  where the staging metrics go
 */
public record StagingConfig(Optional<Path> cacheDir, long cacheMaxBytes, Duration connectTimeout,
                            Duration readTimeout, int maxRetries, Duration retryBackoff,
                            ExtractionLimits limits, Optional<SSLContext> sslContext,
                            MeterRegistry meterRegistry) {

    public static final long DEFAULT_CACHE_MAX_BYTES = 2L << 30;

    public StagingConfig {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(sslContext, "sslContext");
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        if (cacheMaxBytes < 0 || maxRetries < 0) {
            throw new IllegalArgumentException("cacheMaxBytes and maxRetries must not be negative");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
    }

    /** No cache, 10 s to connect, 30 s of silence allowed, 3 retries from 1 s, default limits, system trust. */
    public static StagingConfig defaults() {
        return new StagingConfig(Optional.empty(), DEFAULT_CACHE_MAX_BYTES, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 3, Duration.ofSeconds(1), ExtractionLimits.DEFAULT, Optional.empty(),
                new SimpleMeterRegistry());
    }

    public StagingConfig withCache(Path dir, long maxBytes) {
        return new StagingConfig(Optional.of(dir), maxBytes, connectTimeout, readTimeout, maxRetries, retryBackoff,
                limits, sslContext, meterRegistry);
    }

    public StagingConfig withTimeouts(Duration connect, Duration read) {
        return new StagingConfig(cacheDir, cacheMaxBytes, connect, read, maxRetries, retryBackoff, limits,
                sslContext, meterRegistry);
    }

    public StagingConfig withRetries(int retries, Duration backoff) {
        return new StagingConfig(cacheDir, cacheMaxBytes, connectTimeout, readTimeout, retries, backoff, limits,
                sslContext, meterRegistry);
    }

    public StagingConfig withLimits(ExtractionLimits value) {
        return new StagingConfig(cacheDir, cacheMaxBytes, connectTimeout, readTimeout, maxRetries, retryBackoff,
                value, sslContext, meterRegistry);
    }

    public StagingConfig withSslContext(SSLContext value) {
        return new StagingConfig(cacheDir, cacheMaxBytes, connectTimeout, readTimeout, maxRetries, retryBackoff,
                limits, Optional.of(value), meterRegistry);
    }

    public StagingConfig withMeterRegistry(MeterRegistry value) {
        return new StagingConfig(cacheDir, cacheMaxBytes, connectTimeout, readTimeout, maxRetries, retryBackoff,
                limits, sslContext, value);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
