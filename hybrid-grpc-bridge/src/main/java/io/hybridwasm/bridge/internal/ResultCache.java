package io.hybridwasm.bridge.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hybridwasm.PayloadEncoding;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * Results of cacheable services, bounded in bytes and in count, and in age (an entry older than
 * the TTL is never served). Keyed by everything that decides a cacheable service's answer:
 * endpoint, service, node type, requested encoding, config and a SHA-256 digest of the payload,
 * so the cache holds no payloads.
 *
 * <p>Memory: an entry weighs its value's bytes plus {@link #ENTRY_OVERHEAD}, but at least
 * {@code maxBytes / maxEntries}, and all entries together weigh at most {@code maxBytes}; so the
 * cache holds at most {@code maxEntries} entries and at most {@code maxBytes} bytes of results.
 * Eviction is Caffeine's (size-aware W-TinyLFU: entries used often and recently stay). Values
 * should be immutable: the cache hands the same value to every caller.
 *
 * <p>Thread-safe; eviction work runs on the calling thread, never in a pool of its own. The
 * clock is injectable for tests.
 *
 * @param <V> the cached result type
 */
public final class ResultCache<V> {
    /** What an entry costs besides its value's bytes: key strings, digest, map nodes. */
    public static final int ENTRY_OVERHEAD = 512;

    private final Cache<Key, V> entries;

    /**
     * @param sizeOf the bytes a value holds
     * @throws IllegalArgumentException when {@code maxEntries} or {@code maxBytes} is not positive
     */
    public ResultCache(int maxEntries, long maxBytes, Duration ttl, LongSupplier nanoClock, ToIntFunction<V> sizeOf) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        Objects.requireNonNull(nanoClock, "nanoClock");
        long slot = Math.max(1, maxBytes / maxEntries);
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .<Key, V>weigher((key, value) -> (int) Math.min(Integer.MAX_VALUE,
                        Math.max(slot, (long) sizeOf.applyAsInt(value) + ENTRY_OVERHEAD)))
                .expireAfterWrite(ttl)
                .ticker(nanoClock::getAsLong)
                .executor(Runnable::run)
                .build();
    }

    /** The key of one call. Hashes the payload: the cost of a lookup is one SHA-256 pass. */
    public static Key key(String target, String service, String nodeType, Optional<PayloadEncoding> encoding,
                          Map<String, String> config, byte[] payload) {
        return new Key(target, service, nodeType, encoding.map(Enum::name).orElse(""), Map.copyOf(config),
                HexFormat.of().formatHex(sha256(payload)));
    }

    /** The live value for {@code key}; an expired one is never returned. */
    public Optional<V> get(Key key) {
        return Optional.ofNullable(entries.getIfPresent(key));
    }

    /** Stores {@code value} for the TTL, evicting others when over the bounds. */
    public void put(Key key, V value) {
        entries.put(key, value);
    }

    /** Entries held, after pending evictions are done. */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** The total weight of the entries held (bytes, by the weighing above), after pending evictions. */
    public long weight() {
        entries.cleanUp();
        return entries.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }

    private static byte[] sha256(byte[] payload) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(payload);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * What identifies one cacheable call.
     *
     * @param encoding the encoding the caller asked for; empty when the server's preference applies
     */
    public record Key(String target, String service, String nodeType, String encoding, Map<String, String> config,
                      String payloadSha256) {
    }
}
