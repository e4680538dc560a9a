package io.hybridwasm.bridge.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    private static final long MS = 1_000_000L;
    private final Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofMillis(1000));

    @Test
    void theCeilingDoublesPerRetryUpToTheMaximum() {
        assertEquals(50 * MS, backoff.ceilingNanos(1));
        assertEquals(100 * MS, backoff.ceilingNanos(2));
        assertEquals(200 * MS, backoff.ceilingNanos(3));
        assertEquals(800 * MS, backoff.ceilingNanos(5));
        assertEquals(1000 * MS, backoff.ceilingNanos(6));
        assertEquals(1000 * MS, backoff.ceilingNanos(64));
        assertEquals(1000 * MS, backoff.ceilingNanos(Integer.MAX_VALUE));
    }

    @Test
    void delaysAreFullJitterWithinZeroAndTheCeiling() {
        SplittableRandom random = new SplittableRandom(42);
        for (int retry = 1; retry <= 8; retry++) {
            long ceiling = backoff.ceilingNanos(retry);
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int i = 0; i < 2_000; i++) {
                long delay = backoff.delayNanos(retry, random);
                assertTrue(delay >= 0 && delay <= ceiling, retry + ": " + delay);
                min = Math.min(min, delay);
                max = Math.max(max, delay);
            }
            // Spread over the whole range, not clustered at the ceiling or a fixed fraction of it.
            assertTrue(min < ceiling / 10, "retry " + retry + " min " + min);
            assertTrue(max > ceiling * 9 / 10, "retry " + retry + " max " + max);
        }
    }

    @Test
    void hugeDurationsSaturateInsteadOfOverflowing() {
        Backoff huge = new Backoff(Duration.ofDays(365 * 1000L), Duration.ofSeconds(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, huge.ceilingNanos(3));
        assertTrue(huge.delayNanos(3, new SplittableRandom(1)) >= 0);
    }

    @Test
    void retriesCountFromOneAndTheBoundsAreOrdered() {
        assertThrows(IllegalArgumentException.class, () -> backoff.ceilingNanos(0));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
