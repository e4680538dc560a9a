package io.hybridwasm;

import java.time.Duration;
import java.util.Objects;

/**
 * How remote calls behave when the remote side is slow, sick or busy. Immutable; build with
 * {@link #builder()}; {@link #DEFAULT} suits most deployments.
 *
 * <ul>
 *   <li><b>Retries</b> happen only for {@code UNAVAILABLE} and only for services marked
 *   idempotent, with exponential backoff and full jitter, never past the call's deadline.
 *   With several replicas behind one target, a retry usually lands on another replica.</li>
 *   <li><b>Circuit breaker</b>, one per endpoint: after {@code circuitFailureThreshold}
 *   consecutive transport failures (unavailable, network error, timeout while connecting; not
 *   a caller's deadline that ran out while the server was working) calls fail fast with
 *   {@link HostStatus#SERVICE_UNAVAILABLE} for {@code circuitOpenDuration}; then one trial call
 *   decides whether it closes again.</li>
 *   <li><b>In-flight bound</b> per endpoint: a call beyond {@code maxInFlightPerEndpoint} waits
 *   for a slot until its deadline, then fails with {@link HostStatus#SERVICE_UNAVAILABLE}.</li>
 *   <li><b>Result cache</b> for services marked cacheable: at most {@code cacheMaxEntries}
 *   results and at most {@code cacheMaxBytes} bytes of them, each for {@code cacheTtl}, keyed by
 *   service and a digest of the payload; every caller gets its own copy of a cached result. Off
 *   when {@code cacheMaxEntries} is 0 (the default).</li>
 * </ul>
 *
 * @param maxAttempts             attempts per call including the first; 1 disables retries
 * @param initialBackoff          upper bound of the first retry's random delay
 * @param maxBackoff              cap of the backoff delay
 * @param circuitFailureThreshold consecutive failures that open an endpoint's circuit; 0 disables the breaker
 * @param circuitOpenDuration     how long an open circuit fails fast before a trial call
 * @param maxInFlightPerEndpoint  most concurrent calls to one endpoint
 * @param cacheMaxEntries         most cached results; 0 disables the cache
 * @param cacheTtl                how long a cached result is served
 * @param cacheMaxBytes           most bytes of cached results (per client); default {@link #DEFAULT_CACHE_MAX_BYTES}
 */
public record RemotePolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                           int circuitFailureThreshold, Duration circuitOpenDuration,
                           int maxInFlightPerEndpoint, int cacheMaxEntries, Duration cacheTtl,
                           long cacheMaxBytes) {

    /** The default bound on the bytes a client's result cache holds: 64 MiB. */
    public static final long DEFAULT_CACHE_MAX_BYTES = 64L << 20;

    public static final RemotePolicy DEFAULT = builder().build();

    public RemotePolicy {
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and 10, was " + maxAttempts);
        }
        positive("initialBackoff", initialBackoff);
        positive("maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below initialBackoff " + initialBackoff);
        }
        if (circuitFailureThreshold < 0) {
            throw new IllegalArgumentException("circuitFailureThreshold must be >= 0, was " + circuitFailureThreshold);
        }
        positive("circuitOpenDuration", circuitOpenDuration);
        if (maxInFlightPerEndpoint < 1) {
            throw new IllegalArgumentException("maxInFlightPerEndpoint must be positive, was " + maxInFlightPerEndpoint);
        }
        if (cacheMaxEntries < 0) {
            throw new IllegalArgumentException("cacheMaxEntries must be >= 0, was " + cacheMaxEntries);
        }
        positive("cacheTtl", cacheTtl);
        if (cacheMaxBytes < 1) {
            throw new IllegalArgumentException("cacheMaxBytes must be positive, was " + cacheMaxBytes);
        }
    }

    private static void positive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, was " + d);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link RemotePolicy}. Not thread-safe. */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(50);
        private Duration maxBackoff = Duration.ofSeconds(1);
        private int circuitFailureThreshold = 5;
        private Duration circuitOpenDuration = Duration.ofSeconds(5);
        private int maxInFlightPerEndpoint = 64;
        private int cacheMaxEntries = 0;
        private Duration cacheTtl = Duration.ofSeconds(30);
        private long cacheMaxBytes = DEFAULT_CACHE_MAX_BYTES;

        private Builder() {
        }

        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        public Builder circuitBreaker(int failureThreshold, Duration openDuration) {
            this.circuitFailureThreshold = failureThreshold;
            this.circuitOpenDuration = openDuration;
            return this;
        }

        public Builder maxInFlightPerEndpoint(int calls) {
            this.maxInFlightPerEndpoint = calls;
            return this;
        }

        public Builder cache(int maxEntries, Duration ttl) {
            this.cacheMaxEntries = maxEntries;
            this.cacheTtl = ttl;
            return this;
        }

        /** The most bytes of results the cache holds; default {@link #DEFAULT_CACHE_MAX_BYTES}. */
        public Builder cacheMaxBytes(long bytes) {
            this.cacheMaxBytes = bytes;
            return this;
        }

        public RemotePolicy build() {
            return new RemotePolicy(maxAttempts, initialBackoff, maxBackoff, circuitFailureThreshold,
                    circuitOpenDuration, maxInFlightPerEndpoint, cacheMaxEntries, cacheTtl, cacheMaxBytes);
        }
    }
}
