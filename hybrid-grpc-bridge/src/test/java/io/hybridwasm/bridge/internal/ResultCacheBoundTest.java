package io.hybridwasm.bridge.internal;

import io.hybridwasm.PayloadEncoding;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9.2's cache bound: 10 000 distinct keys with a 1 MiB result each (10 GiB offered) into a
 * cache of 64 MiB. The cache holds at most 64 MiB by its own weighing, and the heap retained
 * after a full GC grows by less than 128 MiB (a generous limit: measurement slack, not speed).
 */
class ResultCacheBoundTest {
    private static final int MIB = 1 << 20;
    private static final long MAX_BYTES = 64L * MIB;
    private static final long RETAINED_LIMIT = 128L * MIB;

    @Test
    void tenThousandDistinctOneMibResultsStayWithinTheByteBound() {
        ResultCache<CachedValue> cache = new ResultCache<>(100_000, MAX_BYTES, Duration.ofMinutes(5), System::nanoTime,
                CachedValue::size);
        long before = retainedHeap();
        for (int i = 0; i < 10_000; i++) {
            byte[] value = new byte[MIB];
            ByteBuffer.wrap(value).putInt(i);
            cache.put(key(i), new CachedValue(value));
        }
        long entries = cache.size();
        long weight = cache.weight();
        long grown = retainedHeap() - before;
        System.out.printf("ResultCacheBoundTest: 10000 x 1 MiB offered; held %d entries, %d MiB by weight; "
                + "heap retained +%d MiB%n", entries, weight / MIB, grown / MIB);

        assertTrue(weight <= MAX_BYTES, "cache weighs " + weight + " bytes, over its bound of " + MAX_BYTES);
        assertTrue(entries <= MAX_BYTES / (MIB + ResultCache.ENTRY_OVERHEAD), "entries held: " + entries);
        assertTrue(entries > 0, "a 64 MiB cache holds some 1 MiB results");
        assertTrue(grown < RETAINED_LIMIT, "heap retained grew by " + grown / MIB + " MiB, limit "
                + RETAINED_LIMIT / MIB + " MiB");
        // What is still held is the value stored under its key, not another one.
        int found = 0;
        for (int i = 0; i < 10_000; i++) {
            Optional<CachedValue> hit = cache.get(key(i));
            if (hit.isPresent()) {
                assertEquals(i, ByteBuffer.wrap(hit.get().bytes()).getInt());
                found++;
            }
        }
        assertEquals(entries, found);
    }

    private static ResultCache.Key key(int i) {
        return ResultCache.key("127.0.0.1:1", "Echo", "", Optional.of(PayloadEncoding.RAW), Map.of(),
                Integer.toString(i).getBytes());
    }

    private static long retainedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private record CachedValue(byte[] bytes) {
        int size() {
            return bytes.length;
        }
    }
}
