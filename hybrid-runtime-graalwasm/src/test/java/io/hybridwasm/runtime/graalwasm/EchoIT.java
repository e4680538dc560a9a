package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.WasmConfig;
import io.hybridwasm.WasmNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EchoIT {
    @RegisterExtension
    static final GuestRuntime runtime = new GuestRuntime();

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 65_536, 65_539, 1 << 20})
    void echoesInputOfEverySize(int size) {
        byte[] input = new byte[size];
        new Random(size).nextBytes(input);
        try (WasmNode node = runtime.load(Guests.config("echo").build())) {
            assertArrayEquals(input, node.process(input));
            assertArrayEquals(input, node.process(input), "second call on the reused instance");
        }
    }

    @Test
    void byteBufferVariantLeavesInputPositionAndReturnsReadOnlyOutput() {
        try (WasmNode node = runtime.load(Guests.config("echo").build())) {
            ByteBuffer input = ByteBuffer.wrap("xxhello".getBytes());
            input.position(2);
            ByteBuffer output = node.process(input);
            assertEquals(2, input.position());
            assertTrue(output.isReadOnly());
            byte[] bytes = new byte[output.remaining()];
            output.get(bytes);
            assertEquals("hello", new String(bytes));
        }
    }

    @Test
    void retriesOnceWithTheSizeTheGuestAsksFor() {
        byte[] input = new byte[40_000];
        new Random(1).nextBytes(input);
        try (WasmNode node = runtime.load(Guests.config("double").build())) {
            byte[] output = node.process(input);
            assertEquals(80_000, output.length);
            assertArrayEquals(input, java.util.Arrays.copyOfRange(output, 0, 40_000));
            assertArrayEquals(input, java.util.Arrays.copyOfRange(output, 40_000, 80_000));
        }
    }

    @Test
    void outputBeyondMaxMessageSizeIsTooLarge() {
        WasmConfig config = Guests.config("double").maxMessageSize(50_000).build();
        try (WasmNode node = runtime.load(config)) {
            HybridException e = assertThrows(HybridException.class, () -> node.process(new byte[40_000]));
            assertEquals(HostStatus.TOO_LARGE, e.status());
            assertArrayEquals(new byte[20_000], java.util.Arrays.copyOf(node.process(new byte[10_000]), 20_000));
        }
    }

    @Test
    void inputOverMaxMessageSizeIsRejectedBeforeTheGuestRuns() {
        try (WasmNode node = runtime.load(Guests.config("echo").maxMessageSize(1024).build())) {
            HybridException e = assertThrows(HybridException.class, () -> node.process(new byte[1025]));
            assertEquals(HostStatus.TOO_LARGE, e.status());
            assertEquals(1024, node.process(new byte[1024]).length);
        }
    }

    @Test
    void closedNodeRefusesCalls() {
        WasmNode node = runtime.load(Guests.config("echo").build());
        node.close();
        node.close();
        assertThrows(IllegalStateException.class, () -> node.process(new byte[1]));
    }

    @Test
    void closedRuntimeClosesItsNodes() {
        GraalWasmRuntime own = Guests.runtime(new TestHostFunctions());
        WasmNode node = own.load(Guests.config("echo").build());
        own.close();
        assertThrows(IllegalStateException.class, () -> node.process(new byte[1]));
        assertThrows(IllegalStateException.class, () -> own.load(Guests.config("echo").build()));
    }
}
