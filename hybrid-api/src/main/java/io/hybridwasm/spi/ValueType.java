package io.hybridwasm.spi;

/**
 * WebAssembly number types. Host functions see every value as a {@code long}: {@code i32}
 * sign-extended, {@code f32}/{@code f64} as their raw IEEE-754 bits (see
 * {@link Float#floatToRawIntBits}, {@link Double#doubleToRawLongBits}).
 */
public enum ValueType {
    I32, I64, F32, F64;

    /** The name as the wasm text format spells it. */
    public String wasmName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
