package io.hybridwasm.spi;

import io.hybridwasm.WasmRuntime;

/**
 * Supplies a WebAssembly engine, so the engine itself is pluggable. {@link io.hybridwasm.Hybrid}
 * picks the available provider with the highest priority. Hybrid ships one, in
 * {@code io.hybridwasm:hybrid-runtime-graalwasm}.
 */
public abstract class WasmRuntimeProvider implements HybridProvider {

    /** For subclasses; must not throw (see {@link HybridProvider}). */
    protected WasmRuntimeProvider() {
    }

    /** A new runtime; the caller owns it and must close it. */
    public abstract WasmRuntime create(RuntimeOptions options);
}
