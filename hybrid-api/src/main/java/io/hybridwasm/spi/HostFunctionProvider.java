package io.hybridwasm.spi;

import io.hybridwasm.WasmConfig;

import java.util.List;

/**
 * Contributes host functions that WebAssembly guests can import. Discovered with
 * {@link java.util.ServiceLoader} (register with {@code @AutoService(HostFunctionProvider.class)}
 * or {@code META-INF/services}); a jar on the class path, or in the CLI's {@code --plugins}
 * directory, is enough to extend Hybrid.
 *
 * <p>When two providers offer the same import, the one with the higher {@link #priority()}
 * wins. One provider instance serves a whole runtime and every instance in it, from many
 * threads at once: keep per-instance state in {@link HostContext#attachment}. The runtime
 * closes its providers when it closes.
 */
public abstract class HostFunctionProvider implements HybridProvider, AutoCloseable {

    /** For subclasses; must not throw (see {@link HybridProvider}). */
    protected HostFunctionProvider() {
    }

    /** The functions this provider offers; called once per runtime. */
    public abstract List<HostFunction> functions();

    /**
     * Checks the configuration of a node that is being loaded, before any of its instances runs,
     * so that a setting the provider cannot serve (say, a file it names that cannot be read)
     * fails loading instead of a later call. Called once per load, for every provider. Throw a
     * {@link io.hybridwasm.ModuleLoadException} (or an {@link IllegalArgumentException}) whose
     * message names the setting and what is wrong. Default: accepts every configuration.
     */
    public void checkConfig(WasmConfig config) {
    }

    /**
     * Releases what the provider holds (channels, threads). The runtime calls it once, after it
     * has closed every node it loaded (so instances' attachments are closed first). Default: nothing.
     */
    @Override
    public void close() {
    }
}
