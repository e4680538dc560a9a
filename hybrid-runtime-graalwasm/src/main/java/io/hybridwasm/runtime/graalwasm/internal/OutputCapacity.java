package io.hybridwasm.runtime.graalwasm.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The output capacity a module's entry calls start with: what docs/abi.md promises ({@link
 * #INITIAL}, at least the input length), or, once one of the module's instances answered
 * {@code BUFFER_TOO_SMALL}, the largest size any of them needed if that is more; so only the
 * first call that outgrows it pays the ABI's second try, not every new instance's. Shared by
 * every node of the module. Thread-safe.
 */
public final class OutputCapacity {
    /** The ABI's first capacity ("at least 64 KiB"): guests may rely on it, so it is a floor. */
    public static final int INITIAL = 64 << 10;

    private final AtomicInteger bytes = new AtomicInteger(INITIAL);

    /** The capacity to offer a call with {@code inputLength} bytes of input. */
    public int bytes(int inputLength) {
        return Math.max(bytes.get(), inputLength);
    }

    /** Records that a call needed {@code needed} bytes of output. */
    public void needed(int needed) {
        bytes.accumulateAndGet(needed, Math::max);
    }
}
