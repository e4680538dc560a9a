package io.hybridwasm.bridge.internal;

import io.hybridwasm.PayloadEncoding;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Results of cacheable services, bounded in count (least recently used goes first) and in age
 * (an entry older than the TTL is never served). Keyed by everything that decides a cacheable
 * service's answer: endpoint, service, node type, requested encoding, config and a SHA-256
 * digest of the payload, so the cache holds no payloads.
 *
 * <p>Memory: at most {@code maxEntries} values, each up to the client's maximum message size.
 * Values are handed out shared, not copied. Thread-safe: one short lock per lookup or insert,
 * never held during I/O. The clock is injectable for tests.
 *
 * @param <V> the cached result type
 */
public final class ResultCache<V> {
    private final int maxEntries;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<Key, Cached<V>> entries;

    public ResultCache(int maxEntries, Duration ttl, LongSupplier nanoClock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Cached<V>> eldest) {
                return size() > ResultCache.this.maxEntries;
            }
        };
    }

    /** The key of one call. Hashes the payload: the cost of a lookup is one SHA-256 pass. */
    public static Key key(String target, String service, String nodeType, Optional<PayloadEncoding> encoding,
                          Map<String, String> config, byte[] payload) {
        return new Key(target, service, nodeType, encoding.map(Enum::name).orElse(""), Map.copyOf(config),
                HexFormat.of().formatHex(sha256(payload)));
    }

    /** The live value for {@code key}, marking it recently used; an expired one is dropped. */
    public synchronized Optional<V> get(Key key) {
        Cached<V> entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (nanoClock.getAsLong() - entry.expiresAt >= 0) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.value);
    }

    /** Stores {@code value} for the TTL, evicting the least recently used entry when full. */
    public synchronized void put(Key key, V value) {
        entries.put(key, new Cached<>(value, nanoClock.getAsLong() + ttlNanos));
    }

    /** Entries held, expired ones not yet dropped included. */
    public synchronized int size() {
        return entries.size();
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

    private record Cached<V>(V value, long expiresAt) {
    }
}
