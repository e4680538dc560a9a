package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.Hybrid;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build runs tests with the JIT flags; these fail if they go missing. */
class JitIT {

    @Test
    void theGraalJitIsOn() {
        try (GraalWasmRuntime runtime = GraalWasmRuntime.builder().build()) {
            assertNotEquals("Interpreted", runtime.engineImplementationName());
            assertTrue(runtime.isCompiling());
            assertEquals("GraalWasm 25.0.2 (Graal JIT)", runtime.description());
        }
    }

    @Test
    void hybridFindsThisRuntimeThroughItsProvider() {
        try (WasmRuntime runtime = Hybrid.newRuntime();
             WasmNode node = runtime.load(Guests.config("echo").build())) {
            assertTrue(runtime.isCompiling());
            assertArrayEquals(new byte[] {1, 2, 3}, node.process(new byte[] {1, 2, 3}));
        }
    }

    @Test
    void compilationCanBeSwitchedOffExplicitly() {
        try (GraalWasmRuntime runtime = GraalWasmRuntime.builder().compilation(false).build();
             WasmNode node = runtime.load(Guests.config("echo").build())) {
            assertFalse(runtime.isCompiling());
            assertEquals("GraalWasm 25.0.2 (interpreter)", runtime.description());
            assertArrayEquals(new byte[] {4, 5}, node.process(new byte[] {4, 5}));
        }
    }
}
