package io.hybridwasm.bridge.internal;

import io.hybridwasm.PayloadEncoding;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultCacheTest {
    private final AtomicLong now = new AtomicLong();
    private final ResultCache<String> cache = new ResultCache<>(2, 1 << 20, Duration.ofSeconds(30), now::get,
            String::length);

    @Test
    void aHitNeedsTheSameServiceNodeTypeEncodingConfigAndPayload() {
        ResultCache.Key key = key("Echo", new byte[] {1, 2, 3});
        cache.put(key, "answer");
        assertEquals(Optional.of("answer"), cache.get(key("Echo", new byte[] {1, 2, 3})));
        assertEquals(Optional.empty(), cache.get(key("Echo", new byte[] {1, 2, 4})));
        assertEquals(Optional.empty(), cache.get(key("Other", new byte[] {1, 2, 3})));
        assertNotEquals(key, ResultCache.key("t", "Echo", "", Optional.of(PayloadEncoding.RAW), Map.of(),
                new byte[] {1, 2, 3}));
        assertNotEquals(key, ResultCache.key("t", "Echo", "", Optional.empty(), Map.of("threshold", "0.5"),
                new byte[] {1, 2, 3}));
        assertNotEquals(key, ResultCache.key("t", "Echo", "impl.B", Optional.empty(), Map.of(), new byte[] {1, 2, 3}));
        assertNotEquals(key, ResultCache.key("other:1", "Echo", "", Optional.empty(), Map.of(), new byte[] {1, 2, 3}));
    }

    @Test
    void aFullCacheKeepsItsEntryBoundAndTheEntryInUse() {
        cache.put(key("A", new byte[0]), "a");
        cache.put(key("B", new byte[0]), "b");
        for (int i = 0; i < 5; i++) {
            cache.get(key("A", new byte[0]));
        }
        cache.put(key("C", new byte[0]), "c");
        assertEquals(2, cache.size());
        assertEquals(Optional.of("a"), cache.get(key("A", new byte[0])));
    }

    @Test
    void largeValuesAreBoundedByBytesBeforeTheEntryBound() {
        ResultCache<String> bytes = new ResultCache<>(100, 10_000, Duration.ofSeconds(30), now::get, String::length);
        for (int i = 0; i < 20; i++) {
            bytes.put(key("S" + i, new byte[0]), "x".repeat(2_000));
        }
        assertTrue(bytes.weight() <= 10_000, "weight " + bytes.weight());
        assertTrue(bytes.size() <= 10_000 / (2_000 + ResultCache.ENTRY_OVERHEAD), "entries " + bytes.size());
    }

    @Test
    void anEntryIsServedForItsTtlAndNotAMomentLonger() {
        cache.put(key("A", new byte[0]), "a");
        now.addAndGet(Duration.ofSeconds(30).toNanos() - 1);
        assertEquals(Optional.of("a"), cache.get(key("A", new byte[0])));
        now.addAndGet(1);
        assertEquals(Optional.empty(), cache.get(key("A", new byte[0])));
        assertEquals(0, cache.size(), "an expired entry is dropped");
    }

    @Test
    void aNewPutRestartsTheTtl() {
        cache.put(key("A", new byte[0]), "old");
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        cache.put(key("A", new byte[0]), "new");
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        assertEquals(Optional.of("new"), cache.get(key("A", new byte[0])));
    }

    private static ResultCache.Key key(String service, byte[] payload) {
        return ResultCache.key("t", service, "", Optional.empty(), Map.of(), payload);
    }
}
