package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ModuleSharingIT {

    @Test
    void nodesOfTheSameBytesShareOneParseWhateverTheSourceIsCalled() throws Exception {
        byte[] binary = Guests.module("echo").bytes();
        try (GraalWasmRuntime runtime = Guests.runtime(new TestHostFunctions())) {
            List<WasmNode> nodes = new ArrayList<>();
            nodes.add(runtime.load(Guests.config("echo").build()));
            nodes.add(runtime.load(Guests.config("echo").build()));
            nodes.add(runtime.load(io.hybridwasm.WasmConfig.builder(ModuleSource.of("copy-of-echo", binary)).build()));
            for (WasmNode node : nodes) {
                assertArrayEquals("hi".getBytes(), node.process("hi".getBytes()));
            }
            assertEquals(1, runtime.modulesParsed());
            nodes.forEach(WasmNode::close);
        }
    }

    @Test
    void anotherMemoryLimitOrAnotherModuleIsParsedApart() {
        try (GraalWasmRuntime runtime = Guests.runtime(new TestHostFunctions());
             WasmNode echo = runtime.load(Guests.config("echo").build());
             WasmNode capped = runtime.load(Guests.config("echo").memoryLimitBytes(4L << 20).build());
             WasmNode other = runtime.load(Guests.config("double").build())) {
            assertArrayEquals("x".getBytes(), capped.process("x".getBytes()));
            assertEquals(3, runtime.modulesParsed());
        }
    }

    @Test
    void aModuleNoNodeHoldsAnyMoreIsDroppedAndParsedAgain() {
        try (GraalWasmRuntime runtime = Guests.runtime(new TestHostFunctions())) {
            runtime.load(Guests.config("echo").build()).close();
            try (WasmNode again = runtime.load(Guests.config("echo").build())) {
                assertArrayEquals("y".getBytes(), again.process("y".getBytes()));
            }
            assertEquals(2, runtime.modulesParsed());
        }
    }
}
