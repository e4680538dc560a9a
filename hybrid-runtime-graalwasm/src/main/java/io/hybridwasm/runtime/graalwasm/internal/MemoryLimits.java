package io.hybridwasm.runtime.graalwasm.internal;

import java.util.OptionalLong;

/**
 * A memory declaration's limits, in 64 KiB pages.
 *
 * @param flags the limits flag byte: bit 0 has-maximum, bit 1 shared, bit 2 64-bit addresses
 * @param min   initial size
 * @param max   maximum size, when declared
 */
public record MemoryLimits(int flags, long min, OptionalLong max) {

    public boolean isShared() {
        return (flags & 0x02) != 0;
    }

    public boolean is64Bit() {
        return (flags & 0x04) != 0;
    }
}
