package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.CallTimeoutException;
import io.hybridwasm.GuestStatusException;
import io.hybridwasm.HostStatus;
import io.hybridwasm.HybridException;
import io.hybridwasm.TrapException;
import io.hybridwasm.WasmNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code processAsync} on real GraalWasm: many calls at once, bounds, failures, cancellation. */
class AsyncIT {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);
    /** Longer than the whole test run: no call here times out, so only a cancel stops a spinning guest. */
    private static final Duration NEVER = Duration.ofMinutes(10);
    /**
     * Guards against hanging only (a cancel that does not interrupt leaves the guest spinning for
     * {@link #NEVER}); it asserts no speed: the cancel-to-stop time is measured by CancelLatency.
     */
    private static final long HANG_GUARD_MINUTES = 2;
    private static final TestHostFunctions FUNCTIONS = new TestHostFunctions();
    @RegisterExtension
    static final GuestRuntime runtime = new GuestRuntime(FUNCTIONS);

    @Test
    void thousandConcurrentCallsOnFourInstancesEachGetTheirOwnOutput() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (WasmNode node = runtime.load(Guests.config("echo").maxInstances(4).callTimeout(NEVER).build())) {
            List<CompletableFuture<byte[]>> futures = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                futures.add(node.processAsync(("call " + i).getBytes(StandardCharsets.UTF_8))
                        .whenComplete((out, e) -> threads.add(Thread.currentThread().getName())));
            }
            for (int i = 0; i < 1000; i++) {
                assertEquals("call " + i, new String(futures.get(i).join(), StandardCharsets.UTF_8));
            }
        }
        threads.remove(Thread.currentThread().getName());
        assertFalse(threads.isEmpty(), "guests ran on the node's threads");
        assertTrue(threads.size() <= 4, "at most maxInstances threads ran guests: " + threads);
    }

    @Test
    void failuresCompleteTheFutureWithTheExceptionProcessThrows() {
        try (WasmNode node = runtime.load(Guests.config("misbehave").maxInstances(1).build())) {
            CompletionException trap = assertThrows(CompletionException.class, () -> node.processAsync("U".getBytes()).join());
            assertInstanceOf(TrapException.class, trap.getCause());
            GuestStatusException status = assertInstanceOf(GuestStatusException.class,
                    assertThrows(CompletionException.class, () -> node.processAsync("S".getBytes()).join()).getCause());
            assertEquals(-5, status.code());
            byte[] tooLarge = new byte[node.config().maxMessageSize() + 1];
            HybridException large = assertInstanceOf(HybridException.class,
                    assertThrows(CompletionException.class, () -> node.processAsync(tooLarge).join()).getCause());
            assertEquals(HostStatus.TOO_LARGE, large.status());
            assertArrayEquals(HELLO, node.processAsync(HELLO).join());
        }
    }

    @Test
    void timeoutOfASpinningGuestFailsTheFutureWithCallTimeoutException() {
        try (WasmNode node = runtime.load(Guests.config("misbehave").maxInstances(1).callTimeout(Duration.ofMillis(200)).build())) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> node.processAsync("L".getBytes()).get());
            assertInstanceOf(CallTimeoutException.class, e.getCause());
        }
    }

    @Test
    void aCallWhoseTimeoutRunsOutInTheQueueFailsWithoutRunning() throws InterruptedException {
        TestHostFunctions holding = new TestHostFunctions(5, 0, 1_500);
        try (GraalWasmRuntime own = Guests.runtime(holding);
             WasmNode node = own.load(Guests.config("host_calls").maxInstances(1).callTimeout(Duration.ofMillis(500)).build())) {
            CompletableFuture<byte[]> holder = node.processAsync("T".getBytes());
            while (holding.active.get() == 0) {
                Thread.sleep(1);
            }
            CompletableFuture<byte[]> queued = node.processAsync("T".getBytes());
            CallTimeoutException e = assertInstanceOf(CallTimeoutException.class,
                    assertThrows(CompletionException.class, queued::join).getCause());
            assertTrue(e.getMessage().contains("waiting for an instance took the whole call timeout"), e.getMessage());
            assertInstanceOf(CallTimeoutException.class, assertThrows(CompletionException.class, holder::join).getCause(),
                    "the holder's host function outlived its own timeout");
        }
    }

    @Test
    void cancellingARunningCallStopsItsGuestAndDiscardsItsInstance() throws Exception {
        FUNCTIONS.started.clear();
        try (WasmNode node = runtime.load(Guests.config("spin").maxInstances(1).callTimeout(NEVER).build())) {
            CompletableFuture<byte[]> spinning = node.processAsync("L".getBytes());
            String spinner = FUNCTIONS.started.take();
            CompletableFuture<byte[]> next = node.processAsync(HELLO);

            assertTrue(spinning.cancel(true));

            assertTrue(spinning.isCancelled());
            assertThrows(CancellationException.class, spinning::join);
            assertArrayEquals(HELLO, next.get(HANG_GUARD_MINUTES, TimeUnit.MINUTES),
                    "the only instance came free: the spinning guest stopped");
            String successor = FUNCTIONS.started.take();
            assertNotEquals(spinner, successor, "the interrupted instance was discarded and replaced");
            assertArrayEquals(HELLO, node.process(HELLO));
            assertEquals(successor, FUNCTIONS.started.take(), "a healthy instance is reused");
        }
    }

    @Test
    void cancellingAQueuedCallRemovesItWithoutRunningIt() throws Exception {
        FUNCTIONS.started.clear();
        try (WasmNode node = runtime.load(Guests.config("spin").maxInstances(1).callTimeout(NEVER).build())) {
            CompletableFuture<byte[]> spinning = node.processAsync("L".getBytes());
            FUNCTIONS.started.take();
            CompletableFuture<byte[]> queuedSpin = node.processAsync("L".getBytes());
            CompletableFuture<byte[]> queuedEcho = node.processAsync(HELLO);

            assertTrue(queuedSpin.cancel(true));
            spinning.cancel(true);

            assertArrayEquals(HELLO, queuedEcho.get(HANG_GUARD_MINUTES, TimeUnit.MINUTES),
                    "the call behind the cancelled one ran");
            FUNCTIONS.started.take();
            assertTrue(FUNCTIONS.started.isEmpty(), "the cancelled queued call never started: " + FUNCTIONS.started);
        }
    }

    @Test
    void closingTheNodeFailsQueuedCallsAndRefusesNewOnes() throws Exception {
        FUNCTIONS.started.clear();
        WasmNode node = runtime.load(Guests.config("spin").maxInstances(1).callTimeout(NEVER).build());
        CompletableFuture<byte[]> spinning = node.processAsync("L".getBytes());
        FUNCTIONS.started.take();
        CompletableFuture<byte[]> queued = node.processAsync(HELLO);
        node.close();
        spinning.cancel(true);
        assertInstanceOf(IllegalStateException.class, assertThrows(CompletionException.class, queued::join).getCause());
        assertInstanceOf(IllegalStateException.class,
                assertThrows(CompletionException.class, () -> node.processAsync(HELLO).join()).getCause());
    }

    @Test
    void callsBeyondTheQueueAreRefusedWithServiceUnavailable() throws Exception {
        FUNCTIONS.started.clear();
        try (WasmNode node = runtime.load(Guests.config("spin").maxInstances(1).callTimeout(NEVER).build())) {
            CompletableFuture<byte[]> spinning = node.processAsync("L".getBytes());
            FUNCTIONS.started.take();
            List<CompletableFuture<byte[]>> queued = new ArrayList<>();
            HybridException refused = null;
            for (int i = 0; i < 10_000 && refused == null; i++) {
                CompletableFuture<byte[]> call = node.processAsync(HELLO);
                if (call.isCompletedExceptionally()) {
                    refused = assertInstanceOf(HybridException.class, assertThrows(CompletionException.class, call::join).getCause());
                } else {
                    queued.add(call);
                }
            }
            assertTrue(refused != null, "the queue is bounded");
            assertEquals(HostStatus.SERVICE_UNAVAILABLE, refused.status());
            assertTrue(refused.getMessage().contains("spin") && refused.getMessage().contains("maxInstances"), refused.getMessage());
            spinning.cancel(true);
            for (CompletableFuture<byte[]> call : queued) {
                assertArrayEquals(HELLO, call.get(HANG_GUARD_MINUTES, TimeUnit.MINUTES));
            }
        }
    }
}
