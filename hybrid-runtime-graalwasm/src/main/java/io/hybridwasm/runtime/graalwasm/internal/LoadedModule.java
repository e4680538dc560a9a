package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.WasmConfig;
import io.hybridwasm.spi.HostFunction;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;

import java.util.List;

/**
 * A module that passed Hybrid's checks, ready to be instantiated any number of times.
 *
 * @param name         the module's name, for messages
 * @param engine       the runtime's shared engine
 * @param source       the (memory-capped) binary, cached in the engine so instances share compiled code
 * @param config       the node's configuration
 * @param imports      the host function for each import, in import order
 * @param pluginLoader where plugins were discovered
 * @param hasDealloc   whether the guest exports {@code dealloc}
 * @param hasAbiVersion whether the guest exports {@code hybrid_abi_version}
 * @param lease        the node's use of the runtime's cached parse, released when the node closes
 */
public record LoadedModule(String name, Engine engine, Source source, WasmConfig config, List<HostFunction> imports,
                           ClassLoader pluginLoader, boolean hasDealloc, boolean hasAbiVersion,
                           ModuleCache.Lease lease) {

    public LoadedModule {
        imports = List.copyOf(imports);
    }
}
