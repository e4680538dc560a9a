package io.hybridwasm.runtime.graalwasm.internal;

import io.hybridwasm.ModuleLoadException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.OptionalLong;

import static io.hybridwasm.runtime.graalwasm.internal.WasmModuleReaderTest.fixture;
import static io.hybridwasm.runtime.graalwasm.internal.WasmModuleReaderTest.module;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryCapTest {

    private static MemoryLimits capped(byte[] binary, int limit) {
        byte[] result = MemoryCap.apply(binary, WasmModuleReader.read(binary), limit, "m");
        return WasmModuleReader.read(result).memories().get(0);
    }

    @Test
    void addsTheLimitAsMaximumWhenNoneIsDeclared() {
        assertEquals(new MemoryLimits(1, 1, OptionalLong.of(32)), capped(fixture("memory_bomb"), 32));
    }

    @Test
    void lowersALargerDeclaredMaximum() {
        assertEquals(new MemoryLimits(1, 1, OptionalLong.of(32)), capped(fixture("memory_bomb_max"), 32));
    }

    @Test
    void keepsASmallerDeclaredMaximum() {
        assertEquals(new MemoryLimits(1, 1, OptionalLong.of(100)), capped(fixture("memory_bomb_max"), 4096));
    }

    @Test
    void leavesTheRestOfTheModuleAlone() {
        byte[] original = fixture("memory_bomb");
        WasmModuleInfo before = WasmModuleReader.read(original);
        byte[] result = MemoryCap.apply(original, before, 32, "m");
        assertEquals(original.length + 1, result.length, "one more byte: the maximum");
        assertArrayEquals(Arrays.copyOf(original, before.memorySectionStart()), Arrays.copyOf(result, before.memorySectionStart()));
        WasmModuleInfo after = WasmModuleReader.read(result);
        assertEquals(before.exports(), after.exports());
        assertEquals(before.types(), after.types());
    }

    @Test
    void rejectsInitialMemoryAboveTheLimit() {
        byte[] binary = fixture("big_initial");
        ModuleLoadException e = assertThrows(ModuleLoadException.class,
                () -> MemoryCap.apply(binary, WasmModuleReader.read(binary), 32, "big"));
        assertTrue(e.getMessage().contains("initial memory of 100 pages"), e.getMessage());
    }

    @Test
    void rejectsSharedAndWideMemories() {
        byte[] shared = module(5, 4, 1, 3, 1, 1);
        assertTrue(assertThrows(ModuleLoadException.class,
                () -> MemoryCap.apply(shared, WasmModuleReader.read(shared), 32, "s")).getMessage().contains("shared"));
        byte[] wide = module(5, 3, 1, 4, 1);
        assertTrue(assertThrows(ModuleLoadException.class,
                () -> MemoryCap.apply(wide, WasmModuleReader.read(wide), 32, "w")).getMessage().contains("64-bit"));
    }

    @Test
    void moduleWithoutMemoryIsUnchanged() {
        byte[] binary = fixture("import_memory");
        assertSame(binary, MemoryCap.apply(binary, WasmModuleReader.read(binary), 32, "i"));
    }
}
