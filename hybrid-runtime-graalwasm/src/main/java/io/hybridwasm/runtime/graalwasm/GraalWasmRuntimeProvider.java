package io.hybridwasm.runtime.graalwasm;

import com.google.auto.service.AutoService;
import io.hybridwasm.HybridException;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.spi.RuntimeOptions;
import io.hybridwasm.spi.WasmRuntimeProvider;

/**
 * Offers {@link GraalWasmRuntime} to {@link io.hybridwasm.Hybrid#newRuntime}. Key
 * {@value #NAME}, default priority; available whenever the GraalVM polyglot API is on the class
 * path.
 */
@AutoService(WasmRuntimeProvider.class)
public final class GraalWasmRuntimeProvider extends WasmRuntimeProvider {
    /** This provider's key. */
    public static final String NAME = "graalwasm";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isAvailable() {
        try {
            Class.forName("org.graalvm.polyglot.Engine", false, GraalWasmRuntimeProvider.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * A runtime with the host function providers discovered in {@code options.pluginLoader()}.
     *
     * @throws HybridException the JVM lacks the Graal JIT and {@code options.allowInterpreter()}
     *                         is false; the message names the missing JVM flags
     */
    @Override
    public WasmRuntime create(RuntimeOptions options) {
        return GraalWasmRuntime.builder().options(options).build();
    }
}
