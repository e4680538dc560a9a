package io.hybridwasm.runtime.graalwasm.internal;

/**
 * One entry of a module's import section.
 *
 * @param module the import module, e.g. {@code env}
 * @param name   the import name
 * @param kind   what is imported
 * @param type   the signature, for function imports; null otherwise
 */
public record WasmImport(String module, String name, ExternKind kind, FuncSig type) {

    public String qualifiedName() {
        return module + "." + name;
    }
}
