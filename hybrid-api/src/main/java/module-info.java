/**
 * Hybrid's stable API: load WebAssembly modules as {@link io.hybridwasm.WasmNode}s, and extend
 * the platform through the service-provider interfaces in {@code io.hybridwasm.spi}. Depends on
 * {@code java.base} only.
 */
module io.hybridwasm {
    exports io.hybridwasm;
    exports io.hybridwasm.spi;

    uses io.hybridwasm.spi.WasmRuntimeProvider;
    uses io.hybridwasm.spi.HostFunctionProvider;
    uses io.hybridwasm.spi.RemoteServiceResolver;

    provides io.hybridwasm.spi.RemoteServiceResolver with io.hybridwasm.spi.StaticServiceResolver;
}
