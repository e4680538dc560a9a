package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.GuestStatusException;
import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.spi.GuestMemory;
import org.graalvm.polyglot.PolyglotException;

/**
 * The guest memory one instance's calls exchange data through: a single guest {@code alloc}
 * holding the input, the output and the output length slot, kept across calls. A steady-state
 * call therefore crosses into the engine only to write the input and the capacity, run the
 * entry, and read the length and the output; it calls neither {@code alloc} nor {@code dealloc}.
 *
 * <p>The area grows (freed, then allocated anew) when an input or a needed output does not fit,
 * and an area larger than {@link #RETAINED_BYTES} is freed after its call, so one large call
 * does not pin guest memory. Layout, from the area's start: input, output, then the 4-byte
 * slot, each at an 8-byte-aligned offset (the alignment {@code alloc} gives).
 *
 * <p>Confined to the thread that entered the instance. After any failure other than a guest
 * status the instance is discarded with its memory, so the area is simply forgotten.
 */
final class ExchangeArea {
    /** Areas up to this size stay allocated between calls. */
    static final int RETAINED_BYTES = 1 << 20;
    private static final int SLOT = Integer.BYTES;

    private final GraalWasmInstance instance;
    private final int maxMessageSize;
    private final String entryName;
    private final OutputCapacity capacities;
    private GuestMemory memory;
    private int base;
    private int inputCapacity;
    private int outputCapacity;
    private long size;

    ExchangeArea(GraalWasmInstance instance) {
        this.instance = instance;
        this.maxMessageSize = instance.module().config().maxMessageSize();
        this.entryName = instance.module().config().entryFunction();
        this.capacities = instance.module().lease().outputCapacity();
    }

    /**
     * One call of the entry function with {@code input}; the caller has entered the instance.
     *
     * @throws GuestStatusException the entry function returned a non-zero status
     * @throws HybridException      the guest broke the ABI (bad pointer, length, out of memory)
     * @throws PolyglotException    the guest trapped or was interrupted
     */
    byte[] exchange(byte[] input) {
        if (memory == null) {
            memory = instance.memory();
        }
        int status = call(input, Math.min(capacities.bytes(input.length), maxMessageSize));
        if (status == HostStatus.BUFFER_TOO_SMALL.code()) {
            long needed = Integer.toUnsignedLong(memory.readInt(slot()));
            if (needed > maxMessageSize) {
                throw new HybridException(HostStatus.TOO_LARGE, "guest '" + entryName + "' needs " + needed
                        + " bytes of output, more than maxMessageSize " + maxMessageSize);
            }
            if (needed > outputCapacity) {
                capacities.needed((int) needed);
                status = call(input, (int) needed);
            }
        }
        if (status != 0) {
            releaseIfLarge(); // the instance stays in use: a failed large call must not pin its area
            throw new GuestStatusException(entryName, status);
        }
        long written = Integer.toUnsignedLong(memory.readInt(slot()));
        if (written > outputCapacity) {
            throw new HybridException(HostStatus.INVALID_ARGUMENT, "guest '" + entryName
                    + "' wrote an output length larger than the buffer: " + written + " bytes into " + outputCapacity);
        }
        byte[] output = memory.read(output(), (int) written);
        releaseIfLarge();
        return output;
    }

    private int call(byte[] input, int capacity) {
        reserve(input.length, capacity);
        if (input.length > 0) {
            memory.write(base, input);
        }
        memory.writeInt(slot(), outputCapacity);
        return instance.entry().execute(base, input.length, output(), slot()).asInt();
    }

    /** Makes the area hold at least {@code inputLength} bytes of input and {@code capacity} of output. */
    private void reserve(int inputLength, int capacity) {
        if (base != 0 && inputLength <= inputCapacity && capacity <= outputCapacity) {
            return;
        }
        // Inputs of growing size double the input room, so a drifting size reallocates rarely.
        int input = inputLength <= inputCapacity ? inputCapacity
                : Math.max(inputLength, (int) Math.min(2L * inputCapacity, maxMessageSize));
        int output = Math.max(capacity, outputCapacity);
        long wanted = align(align(input) + (long) output) + SLOT;
        if (wanted > Integer.MAX_VALUE) {
            throw new HybridException(HostStatus.TOO_LARGE, "guest '" + entryName + "' would need " + wanted
                    + " bytes of guest memory for input and output, more than a wasm32 allocation can hold");
        }
        release();
        base = allocate((int) wanted);
        size = wanted;
        inputCapacity = input;
        outputCapacity = output;
    }

    private int output() {
        return base + (int) align(inputCapacity);
    }

    private int slot() {
        return base + (int) align(align(inputCapacity) + (long) outputCapacity);
    }

    private int allocate(int bytes) {
        int pointer = instance.alloc().execute(bytes).asInt();
        if (pointer == 0) {
            throw new HybridException(HostStatus.TOO_LARGE, "guest out of memory: alloc(" + bytes
                    + ") for the input and output returned 0");
        }
        long end = Integer.toUnsignedLong(pointer) + bytes;
        long memorySize = memory.size();
        if (end > memorySize) {
            throw new HybridException(HostStatus.INVALID_ARGUMENT, "guest alloc(" + bytes + ") for the input and output"
                    + " returned pointer " + Integer.toUnsignedString(pointer) + ", outside linear memory of "
                    + memorySize + " bytes");
        }
        return pointer;
    }

    private void releaseIfLarge() {
        if (size > RETAINED_BYTES) {
            release();
        }
    }

    /** Frees the area, when the guest exports {@code dealloc}; forgotten first, so a trap cannot free it twice. */
    private void release() {
        int pointer = base;
        base = 0;
        inputCapacity = 0;
        outputCapacity = 0;
        if (pointer != 0 && instance.dealloc() != null) {
            instance.dealloc().executeVoid(pointer, (int) size);
        }
        size = 0;
    }

    private static long align(long offset) {
        return (offset + 7) & ~7L;
    }
}
