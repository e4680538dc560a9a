package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.ModuleLoadException;
import io.hybridwasm.WasmConfig;

import java.io.ByteArrayOutputStream;

/**
 * Enforces a memory limit by rewriting the module's memory section so that every memory
 * declares a maximum of at most the limit. GraalWasm community has no engine option for a
 * memory cap, but it honours declared maximums: {@code memory.grow} past one returns -1, which
 * is exactly the behaviour the limit promises, also for modules that declare no maximum.
 */
public final class MemoryCap {
    private static final int MEMORY_SECTION = 5;
    private static final int HAS_MAX = 0x01;

    private MemoryCap() {
    }

    /**
     * {@code binary} with each declared memory's maximum set to {@code min(declared, limitPages)}.
     *
     * @throws ModuleLoadException a memory's initial size exceeds the limit, or a memory is
     *                             shared or 64-bit (not supported)
     */
    public static byte[] apply(byte[] binary, WasmModuleInfo info, int limitPages, String moduleName) {
        if (info.memorySectionStart() < 0) {
            return binary;
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        WasmBytes.writeU32(content, info.memories().size());
        for (MemoryLimits memory : info.memories()) {
            if (memory.isShared() || memory.is64Bit()) {
                throw new ModuleLoadException("module " + moduleName + " declares a "
                        + (memory.isShared() ? "shared" : "64-bit") + " memory, which Hybrid does not support");
            }
            if (memory.min() > limitPages) {
                throw new ModuleLoadException("module " + moduleName + " declares an initial memory of "
                        + memory.min() + " pages (" + memory.min() * WasmConfig.PAGE_SIZE + " bytes), more than the limit of "
                        + limitPages + " pages (" + (long) limitPages * WasmConfig.PAGE_SIZE + " bytes, WasmConfig.memoryLimitBytes)");
            }
            long max = Math.min(memory.max().orElse(limitPages), limitPages);
            content.write(HAS_MAX);
            WasmBytes.writeU32(content, memory.min());
            WasmBytes.writeU32(content, max);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(binary.length + 16);
        out.write(binary, 0, info.memorySectionStart());
        out.write(MEMORY_SECTION);
        WasmBytes.writeU32(out, content.size());
        out.writeBytes(content.toByteArray());
        out.write(binary, info.memorySectionEnd(), binary.length - info.memorySectionEnd());
        return out.toByteArray();
    }
}
