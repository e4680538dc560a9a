package io.hybridwasm;

import io.hybridwasm.spi.ProviderRegistry;
import io.hybridwasm.spi.RuntimeOptions;
import io.hybridwasm.spi.WasmRuntimeProvider;

import java.util.List;

/**
 * Entry point: finds a WebAssembly engine on the class path and creates a runtime.
 *
 * <pre>{@code
 * try (WasmRuntime runtime = Hybrid.newRuntime();
 *      WasmNode vad = runtime.load(WasmConfig.builder(ModuleSource.of(path)).build())) {
 *     byte[] verdict = vad.process(pcm);
 * }
 * }</pre>
 */
public final class Hybrid {
    private Hybrid() {
    }

    /** A runtime from the best available engine, with {@link RuntimeOptions#defaults()}. */
    public static WasmRuntime newRuntime() {
        return newRuntime(RuntimeOptions.defaults());
    }

    /**
     * A runtime from the best available engine.
     *
     * @throws HybridException no engine is on the class path, or it cannot compile and
     *                         {@code options.allowInterpreter()} is false
     */
    public static WasmRuntime newRuntime(RuntimeOptions options) {
        List<WasmRuntimeProvider> providers =
                ProviderRegistry.load(WasmRuntimeProvider.class, options.pluginLoader()).providers();
        if (providers.isEmpty()) {
            throw new HybridException(HostStatus.SERVICE_UNAVAILABLE,
                    "no WebAssembly engine found: add io.hybridwasm:hybrid-runtime-graalwasm to the class path");
        }
        return providers.get(0).create(options);
    }
}
