package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.GuestStatusException;
import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.WasmNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guest memory an instance's calls share ({@code ExchangeArea}): one {@code alloc} in the
 * steady state, grown for larger calls, freed after very large ones, never shared between
 * instances, and a hostile allocator cannot damage later calls. {@code counting_echo} counts the
 * host's alloc and dealloc calls and answers them for the input {@code "?"}; an input starting
 * with {@code "!"} fails with status -8.
 */
class ExchangeAreaIT {
    private static final byte[] COUNTS = {'?'};
    @RegisterExtension
    static final GuestRuntime runtime = new GuestRuntime();

    private static WasmNode node(int instances) {
        return runtime.load(Guests.config("counting_echo").maxInstances(instances).build());
    }

    /** Random bytes starting with {@code x}, so never the failing input. */
    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        bytes[0] = 'x';
        return bytes;
    }

    /** {allocs, deallocs} the instance has seen. */
    private static int[] counts(WasmNode node) {
        ByteBuffer out = ByteBuffer.wrap(node.process(COUNTS)).order(ByteOrder.LITTLE_ENDIAN);
        return new int[] {out.getInt(), out.getInt()};
    }

    private static void echoes(WasmNode node, byte[] input) {
        assertArrayEquals(input, node.process(input));
    }

    @Test
    void steadyStateCallsAllocateOnceAndFreeNothing() {
        try (WasmNode node = node(1)) {
            for (int i = 0; i < 20; i++) {
                echoes(node, bytes(1024 - i, i));
            }
            assertArrayEquals(new int[] {1, 0}, counts(node));
        }
    }

    @Test
    void aLargerInputAfterSmallOnesGrowsTheAreaOnce() {
        try (WasmNode node = node(1)) {
            echoes(node, bytes(10, 1));
            echoes(node, bytes(200_000, 2));
            assertArrayEquals(new int[] {2, 1}, counts(node), "the small area freed, a larger one allocated");
            echoes(node, bytes(10, 3));
            echoes(node, bytes(150_000, 4));
            assertArrayEquals(new int[] {2, 1}, counts(node), "smaller calls fit in the grown area");
        }
    }

    @Test
    void anAreaOverOneMebibyteIsFreedAfterItsCall() {
        try (WasmNode node = node(1)) {
            echoes(node, bytes(700_000, 5));
            assertArrayEquals(new int[] {2, 1}, counts(node), "the large area freed; the query got a small one");
        }
    }

    @Test
    void aLargeCallThatFailsWithAStatusStillFreesItsArea() {
        try (WasmNode node = node(1)) {
            byte[] failing = bytes(700_000, 8);
            failing[0] = '!';
            GuestStatusException e = assertThrows(GuestStatusException.class, () -> node.process(failing));
            assertEquals(-8, e.code());
            assertArrayEquals(new int[] {2, 1}, counts(node), "the instance stayed; its large area was freed");
        }
    }

    @Test
    void aBlockRunningPastMemoryIsAClearErrorAndTheNextCallIsIntact() {
        try (WasmNode node = node(1)) {
            byte[] small = bytes(100, 6);
            echoes(node, small);
            HybridException e = assertThrows(HybridException.class, () -> node.process(bytes(1_600_000, 7)));
            assertEquals(HostStatus.INVALID_ARGUMENT, e.status());
            assertTrue(e.getMessage().contains("outside linear memory"), e.getMessage());
            echoes(node, small);
            assertArrayEquals(new int[] {1, 0}, counts(node), "the broken instance was replaced by a fresh one");
        }
    }

    @Test
    void concurrentInstancesKeepTheirOwnAreas() throws Exception {
        try (WasmNode node = node(4)) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> callers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int caller = t;
                    callers.add(threads.submit(() -> {
                        Random sizes = new Random(caller);
                        for (int i = 0; i < 100; i++) {
                            echoes(node, bytes(1 + sizes.nextInt(5_000), caller * 1000L + i));
                        }
                    }));
                }
                for (Future<?> caller : callers) {
                    caller.get();
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
