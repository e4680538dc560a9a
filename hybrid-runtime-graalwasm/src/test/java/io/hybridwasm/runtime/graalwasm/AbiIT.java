package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.ModuleLoadException;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Load-time ABI checks and guests whose allocator misbehaves. */
class AbiIT {
    @RegisterExtension
    static final GuestRuntime runtime = new GuestRuntime();

    private static String loadFails(WasmConfig config) {
        return assertThrows(ModuleLoadException.class, () -> runtime.load(config)).getMessage();
    }

    @Test
    void unsupportedAbiVersionIsRejected() {
        String message = loadFails(Guests.config("abi_v2").build());
        assertTrue(message.contains("unsupported ABI version 2"), message);
    }

    @Test
    void missingAllocIsRejected() {
        String message = loadFails(Guests.config("no_alloc").build());
        assertTrue(message.contains("does not export function 'alloc' (i32) -> i32"), message);
    }

    @Test
    void entryWithWrongSignatureIsRejected() {
        String message = loadFails(Guests.config("bad_entry").build());
        assertTrue(message.contains("exports 'process' with signature (i32) -> i32, but guest ABI v1 requires"
                + " (i32, i32, i32, i32) -> i32"), message);
    }

    @Test
    void missingEntryFunctionIsRejected() {
        String message = loadFails(Guests.config("echo").entryFunction("run").build());
        assertTrue(message.contains("does not export function 'run'"), message);
    }

    @Test
    void garbageIsRejected() {
        String message = loadFails(WasmConfig.builder(ModuleSource.of("junk", "not wasm at all".getBytes())).build());
        assertTrue(message.contains("malformed"), message);
    }

    @Test
    void structurallyFineButInvalidCodeIsRejectedByTheEngine() {
        byte[] echo = Guests.module("echo").bytes();
        byte[] broken = echo.clone();
        broken[broken.length - 2] = (byte) 0xff;
        assertThrows(ModuleLoadException.class, () -> runtime.load(WasmConfig.builder(ModuleSource.of("broken", broken)).build()));
    }

    @Test
    void allocReturningZeroIsGuestOutOfMemory() {
        try (WasmNode node = runtime.load(Guests.config("bad_alloc").build())) {
            HybridException e = assertThrows(HybridException.class, () -> node.process(new byte[3]));
            assertTrue(e.getMessage().contains("guest out of memory"), e.getMessage());
        }
    }

    @Test
    void allocReturningAPointerOutsideMemoryIsAClearError() {
        try (WasmNode node = runtime.load(Guests.config("bad_alloc").build())) {
            HybridException e = assertThrows(HybridException.class, () -> node.process(new byte[100_000]));
            assertEquals(HostStatus.INVALID_ARGUMENT, e.status());
            assertTrue(e.getMessage().contains("returned pointer 4294901760, outside linear memory of 65536 bytes"),
                    e.getMessage());
        }
    }
}
