package io.hybridwasm.spi;

import java.util.Objects;

/**
 * Settings for creating a {@link io.hybridwasm.WasmRuntime}.
 *
 * @param pluginLoader     where {@link HostFunctionProvider}s and {@link RemoteServiceResolver}s are discovered
 * @param allowInterpreter whether a runtime that cannot compile guest code may be created at all;
 *                         false (the default) makes creation fail with the reason and the fix
 */
public record RuntimeOptions(ClassLoader pluginLoader, boolean allowInterpreter) {

    public RuntimeOptions {
        Objects.requireNonNull(pluginLoader, "pluginLoader");
    }

    /** The thread's context class loader (or this class's), interpreter refused. */
    public static RuntimeOptions defaults() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new RuntimeOptions(loader != null ? loader : RuntimeOptions.class.getClassLoader(), false);
    }

    public RuntimeOptions withPluginLoader(ClassLoader loader) {
        return new RuntimeOptions(loader, allowInterpreter);
    }

    public RuntimeOptions withAllowInterpreter(boolean allow) {
        return new RuntimeOptions(pluginLoader, allow);
    }
}
