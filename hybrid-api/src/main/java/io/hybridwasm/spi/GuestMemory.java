package io.hybridwasm.spi;

import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;

/**
 * A host function's view of the calling instance's linear memory. Every access is
 * bounds-checked: a pointer or length outside memory throws a {@link HybridException} with
 * {@link HostStatus#INVALID_ARGUMENT}, which the runtime hands to the guest as status -8
 * instead of letting anything escape into the engine.
 *
 * <p>Pointers and lengths are the guest's {@code i32}s, read as unsigned 32-bit numbers.
 * Valid only during the host-function call that received it, on that call's thread.
 */
public interface GuestMemory {

    /** Current size of linear memory in bytes. */
    long size();

    /** A copy of {@code length} bytes starting at {@code pointer}. */
    byte[] read(int pointer, int length);

    /** Copies {@code bytes} into memory at {@code pointer}. */
    void write(int pointer, byte[] bytes);

    /** Copies {@code length} bytes of {@code bytes} from {@code offset} into memory at {@code pointer}. */
    void write(int pointer, byte[] bytes, int offset, int length);

    /** The little-endian {@code i32} at {@code pointer}. */
    int readInt(int pointer);

    /** Stores a little-endian {@code i32} at {@code pointer}. */
    void writeInt(int pointer, int value);

    /**
     * The UTF-8 text of {@code length} bytes at {@code pointer}. Malformed UTF-8 throws with
     * {@link HostStatus#INVALID_ARGUMENT}; nothing is replaced silently.
     */
    String readUtf8(int pointer, int length);

    /** Throws with {@link HostStatus#INVALID_ARGUMENT} unless {@code [pointer, pointer+length)} lies in memory. */
    void checkRange(int pointer, int length);

    /** The exception this memory throws for an out-of-range access, for implementations' use. */
    static HybridException outOfBounds(int pointer, int length, long size) {
        return new HybridException(HostStatus.INVALID_ARGUMENT, "guest range [" + Integer.toUnsignedString(pointer)
                + ", +" + Integer.toUnsignedString(length) + ") is outside linear memory of " + size + " bytes");
    }
}
