package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.ModuleLoadException;
import io.hybridwasm.WasmNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** memory.grow stops at WasmConfig.memoryLimitBytes whatever the module declares. */
class MemoryLimitIT {
    private static final long TWO_MIB = 2 << 20;
    @RegisterExtension
    static final GuestRuntime runtime = new GuestRuntime();

    private static int pagesAfterBomb(String module, long limitBytes) {
        try (WasmNode node = runtime.load(Guests.config(module).memoryLimitBytes(limitBytes).build())) {
            return Guests.status(node.process(new byte[1]));
        }
    }

    @Test
    void moduleWithoutMaximumStopsAtTheLimit() {
        assertEquals(32, pagesAfterBomb("memory_bomb", TWO_MIB));
    }

    @Test
    void declaredMaximumAboveTheLimitIsCapped() {
        assertEquals(32, pagesAfterBomb("memory_bomb_max", TWO_MIB));
    }

    @Test
    void declaredMaximumBelowTheLimitIsKept() {
        assertEquals(100, pagesAfterBomb("memory_bomb_max", 16L << 20));
    }

    @Test
    void initialMemoryAboveTheLimitIsRejected() {
        ModuleLoadException e = assertThrows(ModuleLoadException.class,
                () -> runtime.load(Guests.config("big_initial").memoryLimitBytes(TWO_MIB).build()));
        assertTrue(e.getMessage().contains("initial memory of 100 pages"), e.getMessage());
        assertTrue(e.getMessage().contains("limit of 32 pages"), e.getMessage());
    }
}
