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
 * result in a cached {@link Source} so every instance in the engine shares compiled code.
 */
public final class ModuleLoader {

    private ModuleLoader() {
    }

    public static LoadedModule load(WasmConfig config, Engine engine, HostImports hostImports, ClassLoader pluginLoader) {
        String name = config.module().name();
        byte[] binary = read(config, name);
        WasmModuleInfo info;
        try {
            info = WasmModuleReader.read(binary);
        } catch (ModuleLoadException e) {
            throw new ModuleLoadException("module " + name + ": " + e.getMessage(), e);
        }
        List<HostFunction> imports = hostImports.link(info, name);
        GuestAbi.checkExports(info, config.entryFunction(), name);
        byte[] capped = MemoryCap.apply(binary, info, config.memoryLimitPages(), name);
        Source source = Source.newBuilder("wasm", ByteSequence.create(capped), sourceName(name)).cached(true).buildLiteral();
        return new LoadedModule(name, engine, source, config, imports, pluginLoader,
                info.exportedFunction(GuestAbi.DEALLOC).isPresent(), info.exportedFunction(GuestAbi.ABI_VERSION).isPresent());
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
