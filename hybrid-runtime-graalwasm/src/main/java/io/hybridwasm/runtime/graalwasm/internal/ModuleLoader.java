package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.ModuleLoadException;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.spi.HostFunction;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.ByteSequence;

import java.util.List;

/**
 * Turns a {@link WasmConfig} into a {@link LoadedModule}: reads the binary, checks imports
 * against the host functions and exports against the guest ABI, caps the memory, and wraps the
 * result in a cached {@link Source} so every instance in the engine shares compiled code. Through
 * a {@link ModuleCache}, a module already held is neither hashed, parsed nor checked again.
 */
public final class ModuleLoader {

    private ModuleLoader() {
    }

    /** Loads without sharing: the module is parsed afresh. */
    public static LoadedModule load(WasmConfig config, Engine engine, HostImports hostImports, ClassLoader pluginLoader) {
        return load(config, engine, hostImports, pluginLoader, new ModuleCache());
    }

    /**
     * Loads through {@code cache}: a module it holds (same bytes, same memory cap) is not parsed
     * or checked again and keeps its {@link Source}. The caller releases {@link LoadedModule#lease()} when
     * the node closes.
     */
    public static LoadedModule load(WasmConfig config, Engine engine, HostImports hostImports, ClassLoader pluginLoader,
                                    ModuleCache cache) {
        String name = config.module().name();
        ModuleCache.Lease lease = cache.acquire(config.module(), config.memoryLimitPages(), () -> read(config, name),
                binary -> parse(binary, config, name));
        try {
            ModuleCache.Checked checked = lease.checked(config.entryFunction(), () -> check(lease.parsed().info(), config,
                    hostImports, name));
            return new LoadedModule(name, engine, lease.parsed().source(), config, checked.imports(), pluginLoader,
                    checked.hasDealloc(), checked.hasAbiVersion(), lease);
        } catch (RuntimeException e) {
            lease.release();
            throw e;
        }
    }

    private static ModuleCache.Checked check(WasmModuleInfo info, WasmConfig config, HostImports hostImports, String name) {
        List<HostFunction> imports = hostImports.link(info, name);
        GuestAbi.checkExports(info, config.entryFunction(), name);
        return new ModuleCache.Checked(imports, info.exportedFunction(GuestAbi.DEALLOC).isPresent(),
                info.exportedFunction(GuestAbi.ABI_VERSION).isPresent());
    }

    private static ModuleCache.Parsed parse(byte[] binary, WasmConfig config, String name) {
        WasmModuleInfo info;
        try {
            info = WasmModuleReader.read(binary);
        } catch (ModuleLoadException e) {
            throw new ModuleLoadException("module " + name + ": " + e.getMessage(), e);
        }
        byte[] capped = MemoryCap.apply(binary, info, config.memoryLimitPages(), name);
        Source source = Source.newBuilder("wasm", ByteSequence.create(capped), sourceName(name)).cached(true).buildLiteral();
        return new ModuleCache.Parsed(info, source);
    }

    private static byte[] read(WasmConfig config, String name) {
        try {
            return config.module().bytes();
        } catch (ModuleLoadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModuleLoadException("cannot read module " + name + ": " + e.getMessage(), e);
        }
    }

    private static String sourceName(String moduleName) {
        String base = moduleName.substring(moduleName.lastIndexOf('/') + 1);
        String clean = base.replaceAll("[^A-Za-z0-9_.-]", "_");
        return clean.isEmpty() ? "module" : clean;
    }
}
