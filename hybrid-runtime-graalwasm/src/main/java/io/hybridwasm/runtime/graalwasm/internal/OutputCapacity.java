package io.hybridwasm.runtime.graalwasm.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The output buffer a module's entry calls start with: the input length plus {@link #INITIAL}
 * (many entries answer with their input and a little more), or, once one of the module's
 * instances answered {@code BUFFER_TOO_SMALL}, the largest size any of them needed if that is
 * more; so only the first call that outgrows it pays the ABI's second try. Shared by every node
 * of the module.
 *
 * <p>Why not a generous fixed buffer: the guest's allocator grows linear memory to fit it. The
 * former 64 KiB buffer grew a 2-page guest to 5 pages on its first call: 192 KiB more heap per
 * idle instance and a new, larger array per {@code memory.grow}, for outputs that are mostly a
 * few hundred bytes. Thread-safe.
 */
public final class OutputCapacity {
    /** Room beyond the input length: typical JSON or small binary results, or a header on the input. */
    public static final int INITIAL = 4 << 10;

    private final AtomicInteger bytes = new AtomicInteger(INITIAL);

    /** The capacity to offer a call with {@code inputLength} bytes of input. */
    public int bytes(int inputLength) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(bytes.get(), (long) inputLength + INITIAL));
    }

    /** Records that a call needed {@code needed} bytes of output. */
    public void needed(int needed) {
        bytes.accumulateAndGet(needed, Math::max);
    }
}
