package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.GuestStatusException;
import io.hybridwasm.HybridException;
import io.hybridwasm.ModuleLoadException;
import org.graalvm.polyglot.PolyglotException;

import java.util.Optional;

/**
 * Guest ABI v1 from the host's side: which exports a module must have, and one exchange
 * (input in, call the entry function, output out; see {@link ExchangeArea}).
 * See {@code docs/abi.md}.
 */
public final class GuestAbi {
    public static final String MEMORY = "memory";
    public static final String ALLOC = "alloc";
    public static final String DEALLOC = "dealloc";
    public static final String ABI_VERSION = "hybrid_abi_version";
    public static final int VERSION = 1;

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
     * One call of the entry function with {@code input}, through the instance's
     * {@link ExchangeArea}; the caller has entered the instance.
     *
     * @throws GuestStatusException the entry function returned a non-zero status
     * @throws HybridException      the guest broke the ABI (bad pointer, length, out of memory)
     * @throws PolyglotException    the guest trapped or was interrupted
     */
    static byte[] exchange(GraalWasmInstance instance, byte[] input) {
        return instance.exchangeArea().exchange(input);
    }
}
