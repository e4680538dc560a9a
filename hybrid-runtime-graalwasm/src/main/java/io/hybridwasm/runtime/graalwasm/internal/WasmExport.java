package io.hybridwasm.runtime.graalwasm.internal;

/** One entry of a module's export section: a name, what it exports and that item's index. */
public record WasmExport(String name, ExternKind kind, int index) {
}
