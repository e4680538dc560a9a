package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.ModuleLoadException;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.runtime.graalwasm.internal.CallWatchdog;
import io.hybridwasm.runtime.graalwasm.internal.GraalEngines;
import io.hybridwasm.runtime.graalwasm.internal.GraalWasmNode;
import io.hybridwasm.runtime.graalwasm.internal.HostImports;
import io.hybridwasm.runtime.graalwasm.internal.LoadedModule;
import io.hybridwasm.runtime.graalwasm.internal.ModuleCache;
import io.hybridwasm.runtime.graalwasm.internal.ModuleLoader;
import io.hybridwasm.spi.HostFunctionProvider;
import io.hybridwasm.spi.ProviderRegistry;
import io.hybridwasm.spi.RuntimeOptions;
import org.graalvm.polyglot.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link WasmRuntime} on GraalWasm. One polyglot {@link Engine} serves every node of the
 * runtime, so a module's compiled code is shared by all its instances; each instance lives in
 * a context of its own, used by one thread at a time.
 *
 * <p>Imports are linked to the host functions of every {@link HostFunctionProvider} found in
 * the plugin class loader, plus any added with {@link Builder#addHostFunctionProvider}; when two
 * offer the same import, the higher priority wins. The runtime closes those providers when it
 * closes.
 *
 * <pre>{@code
 * try (WasmRuntime runtime = GraalWasmRuntime.builder().addHostFunctionProvider(myFunctions).build();
 *      WasmNode node = runtime.load(WasmConfig.builder(ModuleSource.of(path)).build())) {
 *     byte[] output = node.process(input);
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class GraalWasmRuntime implements WasmRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(GraalWasmRuntime.class);

    private final Engine engine;
    private final boolean compiling;
    private final List<HostFunctionProvider> providers;
    private final HostImports hostImports;
    private final ClassLoader pluginLoader;
    private final CallWatchdog watchdog = new CallWatchdog();
    private final Set<GraalWasmNode> nodes = ConcurrentHashMap.newKeySet();
    private final ModuleCache modules = new ModuleCache();
    private volatile boolean closed;

    private GraalWasmRuntime(Engine engine, boolean compiling, List<HostFunctionProvider> providers, ClassLoader pluginLoader) {
        this.engine = engine;
        this.compiling = compiling;
        this.providers = List.copyOf(providers);
        this.hostImports = HostImports.of(this.providers);
        this.pluginLoader = pluginLoader;
    }

    /** A builder with {@link RuntimeOptions#defaults()}: providers discovered, interpreter refused, JIT on. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public WasmNode load(WasmConfig config) {
        Objects.requireNonNull(config, "config");
        ensureOpen();
        checkConfig(config);
        LoadedModule module = ModuleLoader.load(config, engine, hostImports, pluginLoader, modules);
        GraalWasmNode node = GraalWasmNode.start(module, watchdog, nodes::remove);
        nodes.add(node);
        if (closed) {
            node.close();
            ensureOpen();
        }
        return node;
    }

    /** {@code "GraalWasm 25.0.2 (Graal JIT)"}, or {@code "(interpreter)"} when it cannot compile. */
    @Override
    public String description() {
        return "GraalWasm " + GraalEngines.version() + (compiling ? " (Graal JIT)" : " (interpreter)");
    }

    @Override
    public boolean isCompiling() {
        return compiling;
    }

    /** The polyglot engine's implementation name: {@code "Interpreted"} when Truffle cannot compile. */
    public String engineImplementationName() {
        return engine.getImplementationName();
    }

    /**
     * How many times this runtime parsed a module. Nodes of a module it already holds (same
     * bytes, same memory limit) share the first one's parse and compiled code, so loading 400
     * nodes of one module counts 1.
     */
    public long modulesParsed() {
        return modules.parses();
    }

    /** Names of the host function providers in use, highest priority first. */
    public List<String> hostFunctionProviders() {
        return hostImports.providerNames();
    }

    /** Closes every node, the engine and the host function providers. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (GraalWasmNode node : List.copyOf(nodes)) {
            node.close();
        }
        watchdog.close();
        try {
            engine.close(true);
        } catch (RuntimeException e) {
            LOG.warn("closing the GraalWasm engine failed", e);
        }
        for (HostFunctionProvider provider : providers) {
            try {
                provider.close();
            } catch (RuntimeException e) {
                LOG.warn("closing host function provider {} failed", provider.getClass().getName(), e);
            }
        }
    }

    /** Lets every provider refuse the node's configuration (HostFunctionProvider.checkConfig) before anything runs. */
    private void checkConfig(WasmConfig config) {
        for (HostFunctionProvider provider : providers) {
            try {
                provider.checkConfig(config);
            } catch (ModuleLoadException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ModuleLoadException("module " + config.module().name() + ": " + e.getMessage(), e);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("runtime is closed");
        }
    }

    /** Configures a {@link GraalWasmRuntime}. Not thread-safe. */
    public static final class Builder {
        private RuntimeOptions options = RuntimeOptions.defaults();
        private boolean compilation = true;
        private boolean discoverProviders = true;
        private final List<HostFunctionProvider> extraProviders = new ArrayList<>();

        private Builder() {
        }

        /** Plugin loader and interpreter policy, as {@link io.hybridwasm.Hybrid#newRuntime(RuntimeOptions)} passes them. */
        public Builder options(RuntimeOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Where {@link HostFunctionProvider}s are discovered and what host functions see as plugin loader. */
        public Builder pluginLoader(ClassLoader loader) {
            this.options = options.withPluginLoader(loader);
            return this;
        }

        /** Whether the runtime may be created when the JIT is unavailable (it refuses by default). */
        public Builder allowInterpreter(boolean allow) {
            this.options = options.withAllowInterpreter(allow);
            return this;
        }

        /**
         * False forces the interpreter even when the JIT is available, e.g. to compare both in
         * one JVM. Forcing it counts as allowing it.
         */
        public Builder compilation(boolean enabled) {
            this.compilation = enabled;
            return this;
        }

        /** Whether to discover providers in the plugin loader (default true); added ones are always used. */
        public Builder discoverHostFunctionProviders(boolean discover) {
            this.discoverProviders = discover;
            return this;
        }

        /** Adds host functions without {@code META-INF/services}; ordered by priority with discovered ones. */
        public Builder addHostFunctionProvider(HostFunctionProvider provider) {
            extraProviders.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * @throws HybridException the Graal JIT is unavailable and the interpreter was not
         *                         allowed; the message names the JVM flags that are missing
         */
        public GraalWasmRuntime build() {
            boolean interpreterAllowed = options.allowInterpreter() || !compilation;
            Engine engine;
            try {
                engine = GraalEngines.create(compilation, interpreterAllowed);
            } catch (RuntimeException e) {
                throw new HybridException(HostStatus.SERVICE_UNAVAILABLE, "cannot create the GraalWasm engine: " + e.getMessage(), e);
            }
            boolean compiling = GraalEngines.compiles(engine, compilation);
            if (!compiling && !interpreterAllowed) {
                engine.close();
                throw new HybridException(HostStatus.SERVICE_UNAVAILABLE, GraalEngines.MISSING_JIT);
            }
            ProviderRegistry<HostFunctionProvider> registry = discoverProviders
                    ? ProviderRegistry.load(HostFunctionProvider.class, options.pluginLoader())
                    : ProviderRegistry.empty(HostFunctionProvider.class);
            extraProviders.forEach(registry::register);
            return new GraalWasmRuntime(engine, compiling, registry.providers(), options.pluginLoader());
        }
    }
}
