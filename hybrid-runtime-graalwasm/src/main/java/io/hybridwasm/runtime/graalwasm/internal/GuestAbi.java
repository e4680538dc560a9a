package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.GuestStatusException;
import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.ModuleLoadException;
import io.hybridwasm.spi.GuestMemory;
import org.graalvm.polyglot.PolyglotException;

import java.util.Optional;

/**
 * Guest ABI v1 from the host's side: which exports a module must have, and one exchange
 * (allocate input, output and length slot; call the entry function; read the output; free).
 * See {@code docs/abi.md}.
 */
public final class GuestAbi {
    public static final String MEMORY = "memory";
    public static final String ALLOC = "alloc";
    public static final String DEALLOC = "dealloc";
    public static final String ABI_VERSION = "hybrid_abi_version";
    public static final int VERSION = 1;
    /** Output capacity offered on the first call, unless the input is larger (or the limit smaller). */

    private static final FuncSig ALLOC_TYPE = FuncSig.i32s(1, 1);
    private static final FuncSig DEALLOC_TYPE = FuncSig.i32s(2, 0);
    private static final FuncSig ENTRY_TYPE = FuncSig.i32s(4, 1);
    private static final FuncSig ABI_VERSION_TYPE = FuncSig.i32s(0, 1);

    private GuestAbi() {
    }

    /**
     * Checks the exports ABI v1 requires.
     *
     * @throws ModuleLoadException a required export is missing or has the wrong type
     */
    public static void checkExports(WasmModuleInfo module, String entry, String name) {
        if (module.export(MEMORY).filter(e -> e.kind() == ExternKind.MEMORY).isEmpty()) {
            throw new ModuleLoadException("module " + name + " does not export its linear memory as '" + MEMORY
                    + "', which guest ABI v1 requires");
        }
        requireFunction(module, ALLOC, ALLOC_TYPE, name, true);
        requireFunction(module, entry, ENTRY_TYPE, name, true);
        requireFunction(module, ABI_VERSION, ABI_VERSION_TYPE, name, false);
        requireFunction(module, DEALLOC, DEALLOC_TYPE, name, false);
    }

    private static boolean requireFunction(WasmModuleInfo module, String export, FuncSig type, String name, boolean required) {
        Optional<FuncSig> actual = module.exportedFunction(export);
        if (actual.isEmpty()) {
            if (required) {
                throw new ModuleLoadException("module " + name + " does not export function '" + export + "' " + type
                        + ", which guest ABI v1 requires");
            }
            return false;
        }
        if (!actual.get().equals(type)) {
            throw new ModuleLoadException("module " + name + " exports '" + export + "' with signature " + actual.get()
                    + ", but guest ABI v1 requires " + type);
        }
        return true;
    }

    /**
     * One call of the entry function with {@code input}; the caller has entered the instance.
     *
     * @throws GuestStatusException the entry function returned a non-zero status
     * @throws HybridException      the guest broke the ABI (bad pointer, length, out of memory)
     * @throws PolyglotException    the guest trapped or was interrupted
     */
    static byte[] exchange(GraalWasmInstance instance, byte[] input) {
        Buffers buffers = new Buffers(instance);
        byte[] output = buffers.exchange(input);
        buffers.free();
        return output;
    }

    /** The guest allocations of one exchange, freed after it unless the guest trapped. */
    private static final class Buffers {
        private final GraalWasmInstance instance;
        private final GuestMemory memory;
        private final int maxMessageSize;
        private final String entryName;
        private int input;
        private int inputSize;
        private int output;
        private int capacity;
        private int lengthSlot;
        private long knownMemorySize;

        Buffers(GraalWasmInstance instance) {
            this.instance = instance;
            this.memory = instance.memory();
            this.maxMessageSize = instance.module().config().maxMessageSize();
            this.entryName = instance.module().config().entryFunction();
        }

        byte[] exchange(byte[] data) {
            try {
                if (data.length > 0) {
                    inputSize = data.length;
                    input = allocate(inputSize, "the input");
                    memory.write(input, data);
                }
                lengthSlot = allocate(Integer.BYTES, "the output length");
                capacity = Math.min(instance.module().lease().outputCapacity().bytes(data.length), maxMessageSize);
                output = allocate(capacity, "the output");
                int status = callEntry(data.length);
                if (status == HostStatus.BUFFER_TOO_SMALL.code()) {
                    long needed = Integer.toUnsignedLong(memory.readInt(lengthSlot));
                    if (needed > maxMessageSize) {
                        throw new HybridException(HostStatus.TOO_LARGE, "guest '" + entryName + "' needs " + needed
                                + " bytes of output, more than maxMessageSize " + maxMessageSize);
                    }
                    if (needed > capacity) {
                        instance.module().lease().outputCapacity().needed((int) needed);
                        freeOutput();
                        capacity = (int) needed;
                        output = allocate(capacity, "the output");
                        status = callEntry(data.length);
                    }
                }
                if (status != 0) {
                    throw new GuestStatusException(entryName, status);
                }
                long written = Integer.toUnsignedLong(memory.readInt(lengthSlot));
                if (written > capacity) {
                    throw new HybridException(HostStatus.INVALID_ARGUMENT, "guest '" + entryName
                            + "' wrote an output length larger than the buffer: " + written + " bytes into " + capacity);
                }
                return memory.read(output, (int) written);
            } catch (HybridException e) {
                try {
                    free();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        private int callEntry(int inputLength) {
            memory.writeInt(lengthSlot, capacity);
            return instance.entry().execute(input, inputLength, output, lengthSlot).asInt();
        }

        private int allocate(int size, String what) {
            int pointer = instance.alloc().execute(size).asInt();
            if (pointer == 0) {
                throw new HybridException(HostStatus.TOO_LARGE, "guest out of memory: alloc(" + size + ") for " + what
                        + " returned 0");
            }
            long end = Integer.toUnsignedLong(pointer) + size;
            // Linear memory never shrinks: asked again only when the block ends past what was seen
            // (alloc may have grown it), one engine call instead of one per allocation.
            if (end > knownMemorySize) {
                knownMemorySize = memory.size();
                if (end > knownMemorySize) {
                    throw new HybridException(HostStatus.INVALID_ARGUMENT, "guest alloc(" + size + ") for " + what
                            + " returned pointer " + Integer.toUnsignedString(pointer) + ", outside linear memory of "
                            + knownMemorySize + " bytes");
                }
            }
            return pointer;
        }

        void free() {
            if (instance.dealloc() == null) {
                return;
            }
            freeOutput();
            release(lengthSlot, Integer.BYTES);
            release(input, inputSize);
            lengthSlot = 0;
            input = 0;
        }

        private void freeOutput() {
            release(output, capacity);
            output = 0;
        }

        private void release(int pointer, int size) {
            if (pointer != 0 && instance.dealloc() != null) {
                instance.dealloc().executeVoid(pointer, size);
            }
        }
    }
}
