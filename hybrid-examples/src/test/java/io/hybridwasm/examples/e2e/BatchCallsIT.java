package io.hybridwasm.examples.e2e;

import io.hybridwasm.Hybrid;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.WasmNode;
import io.hybridwasm.WasmRuntime;
import io.hybridwasm.services.HybridServer;
import io.hybridwasm.services.builtin.Sleep;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.HostedServiceRegistry;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceException;
import io.hybridwasm.services.spi.ServiceResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code env.call_remote_batch} end to end: the parity guests on GraalWasm, the bridge, and a real
 * server whose {@code Sleep} is wrapped to record how many of its executions overlap. Proves
 * concurrency by what the server saw, never by a clock; the elapsed time is only logged
 * ({@code ./hybrid bench batch} prints it against the sequential baseline).
 */
class BatchCallsIT {
    private static final CountingSleep SLEEP = new CountingSleep();
    private static HybridServer server;
    private static WasmRuntime runtime;
    private static String target;

    @BeforeAll
    static void start() throws Exception {
        HostedServiceRegistry registry = HostedServiceRegistry.load(BatchCallsIT.class.getClassLoader());
        registry.find(Sleep.NAME).ifPresent(registry::deregister);
        registry.register(SLEEP);
        // The default pool (max(4, 2 x cores)) would itself serialize part of a batch of 8.
        server = HybridServer.builder().port(0).registry(registry).workerThreads(16).diagnostics(true).build().start();
        target = "127.0.0.1:" + server.port();
        runtime = Hybrid.newRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
        server.close();
    }

    /** A node whose first batch has opened its channel, so connection setup is not part of what is observed. */
    private static WasmNode batchNode(String guest) {
        WasmNode node = runtime.load(Guests.config(Guests.resource("modules/" + guest + ".wasm"), "batch", target,
                        "Sleep", "Echo")
                .callTimeout(Duration.ofSeconds(30))
                .remote(RemoteConfig.builder().target(target).deadline(Duration.ofSeconds(20)).build())
                .build());
        assertEquals("batch 0\n0 2 up\n", batch(node, "Echo\t16\tup"), guest + " warm-up");
        return node;
    }

    private static String batch(WasmNode node, String lines) {
        return Guests.text(node.process(lines.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eightSleepsOfFiftyMillisecondsRunAtTheSameTimeOnTheServer() {
        for (String guest : new String[] {"parity_rust", "parity_c", "parity_as"}) {
            try (WasmNode node = batchNode(guest)) {
                SLEEP.reset(8);
                long start = System.nanoTime();
                String out = batch(node, "Sleep\t16\t50\n".repeat(8));
                long tookMicros = (System.nanoTime() - start) / 1_000;
                assertEquals("batch 0\n" + "0 2 50\n".repeat(8), out, guest);
                assertEquals(8, SLEEP.started.get(), guest);
                assertTrue(SLEEP.maxInFlight.get() >= 8, guest + ": the server saw at most "
                        + SLEEP.maxInFlight.get() + " of the 8 sleeps at once");
                System.out.printf("BatchCallsIT %s: 8 x Sleep 50 ms in one batch took %d ms (sequential: 400 ms)%n",
                        guest, tookMicros / 1_000);
            }
        }
    }

    @Test
    void anEntryOffTheAllowlistIsRefusedWhileTheOthersSucceed() {
        try (WasmNode node = batchNode("parity_rust")) {
            SLEEP.reset(7);
            String out = batch(node, "Sleep\t16\t5\n".repeat(3) + "Secret\t16\tx\n" + "Sleep\t16\t5\n".repeat(4));
            assertEquals("batch 0\n" + "0 1 5\n".repeat(3) + "-4 0 \n" + "0 1 5\n".repeat(4), out);
            assertEquals(7, SLEEP.started.get());
        }
    }

    @Test
    void aBatchOverTheLimitsIsRefusedBeforeAnythingIsSent() {
        try (WasmNode node = batchNode("parity_rust")) {
            SLEEP.reset(0);
            long echoes = server.stats().executeCalls("Echo");
            assertEquals("batch -10\n", batch(node, "Sleep\t16\t1\n".repeat(65)), "65 entries, limit 64");
            // The other bound, total data over WasmConfig.maxMessageSize, is BatchImportTest's: a guest's input
            // is itself bounded by that size, so this text-driven guest cannot carry such a batch.
            assertEquals(0, SLEEP.started.get());
            assertEquals(echoes, server.stats().executeCalls("Echo"));
        }
    }

    /**
     * The real Sleep, counting executions in flight. Each execution first waits (up to 10 s) until
     * {@code expected} executions have started, so calls that overlap are all seen in flight at
     * once however loaded the machine is, and calls sent one after another are seen one at a time.
     */
    static final class CountingSleep extends HostedService {
        final Sleep sleep = new Sleep();
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        volatile CountDownLatch arrivals = new CountDownLatch(0);

        void reset(int expected) {
            started.set(0);
            maxInFlight.set(0);
            arrivals = new CountDownLatch(expected);
        }

        @Override
        public String name() {
            return sleep.name();
        }

        @Override
        public String description() {
            return sleep.description();
        }

        @Override
        public boolean idempotent() {
            return sleep.idempotent();
        }

        @Override
        public Set<PayloadEncoding> accepts() {
            return sleep.accepts();
        }

        @Override
        public ServiceResult execute(ServiceCall call) {
            started.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                CountDownLatch all = arrivals;
                all.countDown();
                if (!all.await(10, TimeUnit.SECONDS)) {
                    throw ServiceException.internal("the batch's calls did not all arrive together", null);
                }
                return sleep.execute(call);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ServiceException.internal("interrupted", e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }
}
