package io.hybridwasm.bridge;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.RemotePolicy;
import io.hybridwasm.bridge.testing.TestRemoteServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** At most {@code maxInFlightPerEndpoint} calls reach an endpoint at once; the next one waits for a slot until its deadline. */
class InFlightLimitIT {
    private TestRemoteServer server;
    private RemoteExecutionClient client;
    private ExecutorService callers;

    @BeforeEach
    void start() {
        server = TestRemoteServer.start("busy");
        client = RemoteExecutionClient.builder(RemoteConfig.builder().target(server.target())
                .deadline(Duration.ofSeconds(5))
                .policy(RemotePolicy.builder().maxInFlightPerEndpoint(2).build()).build()).build();
        client.call("Echo", new byte[1]); // connected, listing known: only the slots make the third call wait
        callers = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() throws InterruptedException {
        callers.shutdown();
        callers.awaitTermination(10, TimeUnit.SECONDS);
        client.close();
        server.close();
    }

    @Test
    void aThirdCallFailsUnavailableAtItsDeadlineWithoutBeingSent() throws Exception {
        List<CompletableFuture<RemoteResult>> busy = occupyBothSlots(1_500);
        long start = System.nanoTime();
        RemoteCallException e = assertThrows(RemoteCallException.class, () -> client.call(
                RemoteRequest.builder("Echo", new byte[1]).deadline(Instant.now().plusMillis(300)).build()));
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(HostStatus.SERVICE_UNAVAILABLE, e.status());
        assertTrue(e.getMessage().startsWith("too many calls in flight to " + server.target()), e.getMessage());
        assertTrue(waitedMillis >= 250 && waitedMillis < 1_000, "waited " + waitedMillis + " ms for a 300 ms deadline");
        assertEquals(1, server.executeCalls("Echo"), "the refused call never reached the server");
        for (CompletableFuture<RemoteResult> call : busy) {
            call.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aThirdCallWaitsForTheFirstSlotToFreeAndThenSucceeds() throws Exception {
        long sleepStart = System.nanoTime();
        List<CompletableFuture<RemoteResult>> busy = occupyBothSlots(600);
        client.call(RemoteRequest.builder("Echo", new byte[1]).deadline(Instant.now().plusSeconds(5)).build());
        long sinceSleepsMillis = (System.nanoTime() - sleepStart) / 1_000_000;
        assertTrue(sinceSleepsMillis >= 550, "the third call ran " + sinceSleepsMillis
                + " ms after the two 600 ms calls began: it did not wait for a slot");
        assertTrue(busy.stream().anyMatch(CompletableFuture::isDone), "a slot was freed by a finished call");
        assertEquals(2, server.executeCalls("Echo"));
        for (CompletableFuture<RemoteResult> call : busy) {
            call.get(5, TimeUnit.SECONDS);
        }
    }

    /** Two Sleep calls of {@code millis}, returned once both are running on the server. */
    private List<CompletableFuture<RemoteResult>> occupyBothSlots(long millis) throws InterruptedException {
        RemoteRequest sleep = RemoteRequest.builder("Sleep", new byte[0]).config(Map.of("millis", Long.toString(millis)))
                .build();
        List<CompletableFuture<RemoteResult>> calls = List.of(
                CompletableFuture.supplyAsync(() -> client.call(sleep), callers),
                CompletableFuture.supplyAsync(() -> client.call(sleep), callers));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.executeCalls("Sleep") < 2 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(2, server.executeCalls("Sleep"), "both slow calls started");
        return calls;
    }
}
