package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.ModuleLoadException;
import io.hybridwasm.ModuleSource;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleSharingIT {

    @Test
    void nodesOfTheSameBytesShareOneParseWhateverTheSourceIsCalled() throws Exception {
        byte[] binary = Guests.module("echo").bytes();
        try (GraalWasmRuntime runtime = Guests.runtime(new TestHostFunctions())) {
            List<WasmNode> nodes = new ArrayList<>();
            nodes.add(runtime.load(Guests.config("echo").build()));
            nodes.add(runtime.load(Guests.config("echo").build()));
            nodes.add(runtime.load(WasmConfig.builder(ModuleSource.of("copy-of-echo", binary)).build()));
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

    @Test
    void anOutputLargerThanTheFirstBufferComesBackWholeOnEveryNodeOfTheModule() {
        byte[] input = new byte[5_000];
        new Random(2).nextBytes(input);
        try (GraalWasmRuntime runtime = Guests.runtime(new TestHostFunctions());
             WasmNode first = runtime.load(Guests.config("double").build());
             WasmNode second = runtime.load(Guests.config("double").build())) {
            for (WasmNode node : List.of(first, second, first)) {
                byte[] output = node.process(input);
                assertEquals(10_000, output.length);
                assertArrayEquals(input, Arrays.copyOfRange(output, 5_000, 10_000));
            }
        }
    }

    @Test
    void aModuleFileRewrittenBetweenLoadsIsLoadedAsItIsNow(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("guest.wasm");
        Files.write(file, Guests.module("echo").bytes());
        WasmConfig config = WasmConfig.builder(ModuleSource.of(file)).build();
        try (GraalWasmRuntime runtime = Guests.runtime(new TestHostFunctions());
             WasmNode echo = runtime.load(config)) {
            Files.write(file, Guests.module("double").bytes());
            try (WasmNode doubled = runtime.load(config)) {
                assertArrayEquals("abab".getBytes(), doubled.process("ab".getBytes()));
                assertArrayEquals("ab".getBytes(), echo.process("ab".getBytes()));
                assertEquals(2, runtime.modulesParsed());
            }
        }
    }

    @Test
    void anUnsupportedAbiVersionFailsEveryLoad() {
        try (GraalWasmRuntime runtime = Guests.runtime(new TestHostFunctions())) {
            for (int i = 0; i < 2; i++) {
                ModuleLoadException e = assertThrows(ModuleLoadException.class,
                        () -> runtime.load(Guests.config("abi_v2").build()));
                assertTrue(e.getMessage().contains("unsupported ABI version 2"), e.getMessage());
            }
            try (WasmNode first = runtime.load(Guests.config("echo").build());
                 WasmNode second = runtime.load(Guests.config("echo").build())) {
                assertArrayEquals("z".getBytes(), second.process("z".getBytes()));
                assertArrayEquals("z".getBytes(), first.process("z".getBytes()));
            }
        }
    }
}
