package io.hybridwasm.runtime.graalwasm;

import io.hybridwasm.CallTimeoutException;
import io.hybridwasm.WasmNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrencyIT {

    @Test
    void eightThreadsShareAtMostTwoInstances() throws Exception {
        TestHostFunctions functions = new TestHostFunctions(5, 0, 20);
        try (GraalWasmRuntime runtime = Guests.runtime(functions)) {
            WasmNode node = runtime.load(Guests.config("host_calls").maxInstances(2).build());
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < 8 * 5; i++) {
                    results.add(threads.submit(() -> Guests.status(node.process("T".getBytes()))));
                }
                for (Future<Integer> result : results) {
                    assertEquals(0, result.get());
                }
            } finally {
                threads.shutdownNow();
            }
            assertTrue(functions.instanceIds.size() <= 2, "instances: " + functions.instanceIds);
            assertEquals(2, functions.maxActive.get(), "two calls ran at once, never more");
            node.close();
            assertEquals(functions.instanceIds.size(), functions.attachmentsClosed.get(),
                    "each instance's attachment is closed with it");
        }
    }

    @Test
    void waitingForAnInstanceCountsAgainstTheTimeout() throws Exception {
        TestHostFunctions functions = new TestHostFunctions(5, 0, 600);
        try (GraalWasmRuntime runtime = Guests.runtime(functions);
             WasmNode node = runtime.load(Guests.config("host_calls").maxInstances(1).callTimeout(Duration.ofMillis(300)).build())) {
            CompletableFuture<byte[]> holder = CompletableFuture.supplyAsync(() -> node.process("T".getBytes()));
            // The holder is inside its 600 ms host call, so the only instance is taken (a fixed sleep assumed it).
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (functions.active.get() == 0 && System.nanoTime() < until) {
                Thread.sleep(1);
            }
            assertEquals(1, functions.active.get(), "the holder's host call started");
            long start = System.nanoTime();
            CallTimeoutException e = assertThrows(CallTimeoutException.class, () -> node.process("r".getBytes()));
            assertTrue(e.getMessage().contains("no instance became free"), e.getMessage());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 1_000);
            ExecutionException held = assertThrows(ExecutionException.class, holder::get,
                    "the call holding the only instance outlives its own timeout");
            assertInstanceOf(CallTimeoutException.class, held.getCause());
            assertEquals(0, Guests.status(node.process("r".getBytes())));
        }
    }
}
