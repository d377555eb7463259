package io.pacer.staging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** The staging meters, named once here. */
final class StagingMetrics {

    static final String BYTES_FETCHED = "pacer.staging.fetched.bytes";
    static final String CACHE_LOOKUPS = "pacer.staging.cache.lookups";
    static final String CACHE_EVICTIONS = "pacer.staging.cache.evictions";
    static final String FETCH_DURATION = "pacer.staging.fetch.duration";
    static final String EXTRACT_DURATION = "pacer.staging.extract.duration";
    static final String FAILURES = "pacer.staging.failures";

    private final MeterRegistry registry;
    private final Counter bytesFetched;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter evictions;
    private final Timer fetchDuration;
    private final Timer extractDuration;

    StagingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bytesFetched = Counter.builder(BYTES_FETCHED).baseUnit("bytes")
                .description("bytes read from artifact sources").register(registry);
        this.cacheHits = Counter.builder(CACHE_LOOKUPS).tag("result", "hit")
                .description("cache lookups for artifacts marked cache").register(registry);
        this.cacheMisses = Counter.builder(CACHE_LOOKUPS).tag("result", "miss")
                .description("cache lookups for artifacts marked cache").register(registry);
        this.evictions = Counter.builder(CACHE_EVICTIONS).description("cache entries evicted").register(registry);
        this.fetchDuration = Timer.builder(FETCH_DURATION)
                .description("time to fetch an artifact, unpacking overlapped").register(registry);
        this.extractDuration = Timer.builder(EXTRACT_DURATION)
                .description("time to unpack an archive").register(registry);
    }

    void bytesFetched(long bytes) {
        bytesFetched.increment(bytes);
    }

    void cacheLookup(boolean hit) {
        (hit ? cacheHits : cacheMisses).increment();
    }

    void eviction() {
        evictions.increment();
    }

    void fetched(Duration duration) {
        fetchDuration.record(duration);
    }

    void extracted(Duration duration) {
        extractDuration.record(duration);
    }

    void failure(FailureCause cause) {
        Counter.builder(FAILURES).tag("cause", cause.tag()).description("stagings that failed, by cause")
                .register(registry).increment();
    }
}
