package io.hybridwasm.bridge.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the wait before retry {@code n} (1 = the first retry)
 * is uniformly random in {@code [0, min(max, initial * 2^(n-1))]}. Full jitter rather than a
 * fixed or "equal jitter" delay so that many callers failing together (a replica died under all
 * of them) do not come back to the survivors in lock-step. Immutable.
 *
 * @param initial the ceiling of the first retry's delay
 * @param max     the ceiling no delay exceeds
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 <= initial <= max, got " + initial + " and " + max);
        }
    }

    /** The largest delay retry {@code n} may wait, in nanoseconds. */
    public long ceilingNanos(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1, was " + retry);
        }
        long first = saturatedNanos(initial);
        long cap = saturatedNanos(max);
        int shift = retry - 1;
        if (shift >= Long.SIZE - 1 || first > (Long.MAX_VALUE >> shift)) {
            return cap;
        }
        return Math.min(cap, first << shift);
    }

    /** A random delay for retry {@code n}, in {@code [0, ceilingNanos(n)]}. */
    public long delayNanos(int retry, RandomGenerator random) {
        long ceiling = ceilingNanos(retry);
        return ceiling == Long.MAX_VALUE ? random.nextLong(ceiling) : random.nextLong(ceiling + 1);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
