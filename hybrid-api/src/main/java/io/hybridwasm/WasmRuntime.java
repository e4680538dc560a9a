package io.hybridwasm;

/**
 * A WebAssembly engine that loads modules into {@link WasmNode}s, linking their imports to
 * the host functions of every discovered {@link io.hybridwasm.spi.HostFunctionProvider}.
 * Obtain one with {@link Hybrid#newRuntime()}.
 *
 * <p>Thread-safe. A runtime owns its engine and its providers; one runtime per application is
 * the norm, since compiled code is shared by all nodes of a runtime. Closing it closes every
 * node it loaded.
 */
public interface WasmRuntime extends AutoCloseable {

    /**
     * Parses, validates and links the module and prepares the first instance.
     *
     * @throws ModuleLoadException the module is malformed, declares more memory than allowed, or breaks the ABI
     * @throws LinkException       an import is not provided, or provided with another signature
     */
    WasmNode load(WasmConfig config);

    /** The engine's name and version, e.g. {@code "GraalWasm 25.0.2 (Graal JIT)"}. */
    String description();

    /**
     * Whether guest code is compiled to machine code. An interpreting engine runs roughly
     * a hundred times slower; a product should refuse to run that way unless told to.
     */
    boolean isCompiling();

    @Override
    void close();
}
