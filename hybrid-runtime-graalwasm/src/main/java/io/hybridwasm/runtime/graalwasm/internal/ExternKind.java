package io.hybridwasm.runtime.graalwasm.internal;

/** The kinds of item a module imports or exports, with their binary codes. */
public enum ExternKind {
    FUNCTION, TABLE, MEMORY, GLOBAL, TAG;

    static ExternKind of(int code, WasmBytes in) {
        ExternKind[] kinds = values();
        if (code >= kinds.length) {
            throw in.malformed("unknown import/export kind 0x" + Integer.toHexString(code));
        }
        return kinds[code];
    }

    /** Lower-case, as messages print it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
