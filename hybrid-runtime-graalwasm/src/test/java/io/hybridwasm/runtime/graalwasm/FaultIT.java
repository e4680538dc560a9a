package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.CallTimeoutException;
import io.hybridwasm.GuestStatusException;
import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.TrapException;
import io.hybridwasm.WasmNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guests that loop, trap, fail or break the ABI; after each, the same node keeps working. */
class FaultIT {
    private static final byte[] HELLO = "hello".getBytes();
    private static final TestHostFunctions FUNCTIONS = new TestHostFunctions();
    @RegisterExtension
    static final GuestRuntime runtime = new GuestRuntime(FUNCTIONS);
    private WasmNode node;

    @BeforeEach
    void load() {
        node = runtime.load(Guests.config("misbehave").callTimeout(Duration.ofMillis(200)).maxInstances(1).build());
        assertArrayEquals(HELLO, node.process(HELLO), "warm: the 200 ms budget is for the guest, not class loading");
    }

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void endlessLoopTimesOutQuicklyAndTheNodeAnswersTheNextCall() {
        long start = System.nanoTime();
        CallTimeoutException e = assertThrows(CallTimeoutException.class, () -> node.process("L".getBytes()));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2_000, "timed out after " + millis + " ms");
        assertEquals(Duration.ofMillis(200), e.timeout());
        assertEquals(HostStatus.TIMEOUT, e.status());
        assertFalse(Thread.currentThread().isInterrupted(), "the watchdog's interrupt must not leak to the caller");
        assertArrayEquals(HELLO, node.process(HELLO));
        assertThrows(CallTimeoutException.class, () -> node.process("L".getBytes()));
        assertArrayEquals(HELLO, node.process(HELLO));
    }

    @Test
    void unreachableTrapsAndTheNodeStillWorks() {
        TrapException e = assertThrows(TrapException.class, () -> node.process("U".getBytes()));
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
        assertArrayEquals(HELLO, node.process(HELLO));
    }

    @Test
    void outOfBoundsLoadTrapsAndTheNodeStillWorks() {
        TrapException e = assertThrows(TrapException.class, () -> node.process("O".getBytes()));
        assertTrue(e.getMessage().contains("out-of-bounds"), e.getMessage());
        assertArrayEquals(HELLO, node.process(HELLO));
    }

    @Test
    void guestStatusIsReportedWithItsCode() {
        GuestStatusException e = assertThrows(GuestStatusException.class, () -> node.process("S".getBytes()));
        assertEquals(-5, e.code());
        assertEquals(HostStatus.UNKNOWN_SERVICE, e.hostStatus().orElseThrow());
        assertTrue(e.getMessage().contains("process"), e.getMessage());
        assertArrayEquals(HELLO, node.process(HELLO));
    }

    @Test
    void outputLengthLargerThanTheBufferIsAClearError() {
        HybridException e = assertThrows(HybridException.class, () -> node.process("X".getBytes()));
        assertTrue(e.getMessage().contains("output length larger than the buffer"), e.getMessage());
        assertArrayEquals(HELLO, node.process(HELLO));
    }

    @Test
    void hostFunctionThatThrowsTrapsWithItsExceptionAsCause() {
        try (WasmNode calls = runtime.load(Guests.config("host_calls").build())) {
            TrapException e = assertThrows(TrapException.class, () -> calls.process("F".getBytes()));
            IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals("host function failed on purpose", cause.getMessage());
            assertTrue(e.getMessage().contains("test.fail"), e.getMessage());
            assertEquals(0, Guests.status(calls.process("r-valid".getBytes())));
        }
    }

    @Test
    void discardedInstanceClosesItsAttachmentsAndItsSuccessorIsNew() {
        try (WasmNode calls = runtime.load(Guests.config("host_calls").maxInstances(1).build())) {
            int closedBefore = FUNCTIONS.attachmentsClosed.get();
            int instancesBefore = FUNCTIONS.instanceIds.size();
            assertEquals(0, Guests.status(calls.process("T".getBytes())));
            assertThrows(TrapException.class, () -> calls.process("F".getBytes()));
            assertEquals(closedBefore + 1, FUNCTIONS.attachmentsClosed.get());
            assertEquals(0, Guests.status(calls.process("T".getBytes())));
            assertEquals(instancesBefore + 2, FUNCTIONS.instanceIds.size());
        }
    }

    @Test
    void outOfRangePointersGiveInvalidArgumentFromRegisteredAndDiscoveredProviders() {
        try (WasmNode calls = runtime.load(Guests.config("host_calls").build())) {
            assertEquals(-8, Guests.status(calls.process("R".getBytes())));
            assertEquals(-8, Guests.status(calls.process("D".getBytes())));
            assertEquals(0, Guests.status(calls.process("r-valid".getBytes())));
        }
    }
}
