package io.hybridwasm.runtime.graalwasm.internal;

import java.util.List;
import java.util.Optional;

/**
 * What Hybrid needs to know about a module before handing it to the engine: its function
 * types, imports, memories and exports, and where its memory section lies in the binary.
 *
 * @param types              the type section
 * @param imports            the import section, in order
 * @param functionTypes      the type index of each function the module defines
 * @param memories           the memories the module defines (not imported ones)
 * @param exports            the export section, in order
 * @param memorySectionStart offset of the memory section's id byte, or -1 when there is none
 * @param memorySectionEnd   offset just past the memory section, or -1
 */
public record WasmModuleInfo(
        List<FuncSig> types,
        List<WasmImport> imports,
        List<Integer> functionTypes,
        List<MemoryLimits> memories,
        List<WasmExport> exports,
        int memorySectionStart,
        int memorySectionEnd) {

    public WasmModuleInfo {
        types = List.copyOf(types);
        imports = List.copyOf(imports);
        functionTypes = List.copyOf(functionTypes);
        memories = List.copyOf(memories);
        exports = List.copyOf(exports);
    }

    public Optional<WasmExport> export(String name) {
        return exports.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The signature of the function exported as {@code name}, if a function is exported under it. */
    public Optional<FuncSig> exportedFunction(String name) {
        return export(name).filter(e -> e.kind() == ExternKind.FUNCTION).map(e -> functionType(e.index()));
    }

    /** The signature of function {@code index} in the function index space (imports first). */
    public FuncSig functionType(int index) {
        List<WasmImport> functionImports = functionImports();
        if (index < functionImports.size()) {
            return functionImports.get(index).type();
        }
        return types.get(functionTypes.get(index - functionImports.size()));
    }

    public List<WasmImport> functionImports() {
        return imports.stream().filter(i -> i.kind() == ExternKind.FUNCTION).toList();
    }
}
