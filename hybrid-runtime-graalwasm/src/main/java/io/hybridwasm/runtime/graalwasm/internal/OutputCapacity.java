package io.hybridwasm.runtime.graalwasm.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The output buffer a module's entry calls start with: {@link #INITIAL} until one of its
 * instances answers {@code BUFFER_TOO_SMALL}, then the largest size any of them needed, so only
 * the first call that outgrows it pays the ABI's second try. Shared by every node of the module.
 *
 * <p>Why not a generous first buffer: the guest's allocator grows linear memory to fit it. A
 * 64 KiB buffer grew a 2-page guest to 5 pages on its first call, 192 KiB more heap per idle
 * instance and twice the allocation (a new array per {@code memory.grow}), for outputs that are
 * mostly a few hundred bytes. Thread-safe.
 */
public final class OutputCapacity {
    /** The first buffer: room for typical JSON or small binary results. */
    public static final int INITIAL = 4 << 10;

    private final AtomicInteger bytes = new AtomicInteger(INITIAL);

    /** The capacity to offer the next call. */
    public int bytes() {
        return bytes.get();
    }

    /** Records that a call needed {@code needed} bytes of output. */
    public void needed(int needed) {
        bytes.accumulateAndGet(needed, Math::max);
    }
}
