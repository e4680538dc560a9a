package io.hybridwasm.runtime.graalwasm.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The output capacity a module's entry calls start with: what docs/abi.md promises ({@link
 * #INITIAL}, or what the guest asks for with {@code hybrid_output_capacity}, at least the input
 * length), or, once one of the module's instances answered {@code BUFFER_TOO_SMALL}, the largest
 * size any of them needed if that is more; so only the first call that outgrows it pays the
 * ABI's second try, not every new instance's. Shared by every node of the module. Thread-safe.
 */
public final class OutputCapacity {
    /** The ABI's first capacity ("at least 64 KiB") for a guest that does not ask for its own. */
    public static final int INITIAL = 64 << 10;

    private volatile int first = INITIAL;
    private final AtomicInteger needed = new AtomicInteger();

    /** The capacity to offer a call with {@code inputLength} bytes of input. */
    public int bytes(int inputLength) {
        return Math.max(Math.max(first, needed.get()), inputLength);
    }

    /** Records that a call needed {@code needed} bytes of output. */
    public void needed(int needed) {
        this.needed.accumulateAndGet(needed, Math::max);
    }

    /** Records the first capacity the guest's {@code hybrid_output_capacity} asked for (0 or more). */
    public void guestAsks(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a capacity is 0 or more bytes: " + bytes);
        }
        first = bytes;
    }
}
