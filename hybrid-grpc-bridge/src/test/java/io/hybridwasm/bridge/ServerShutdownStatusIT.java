package io.hybridwasm.bridge;

import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.services.HybridServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What a guest sees when the server it is waiting on shuts down: on the wire grpc-java reports a
 * call cut off by the server's shutdown as {@code UNAVAILABLE} or {@code CANCELLED} depending on
 * which of the stream reset and the connection's close arrives first, but the ABI promises one
 * status per failure, so both must come out as -1 NETWORK_ERROR ("connection reset"), never as
 * a remote error or a timeout.
 */
class ServerShutdownStatusIT {

    @Test
    void aCallCutOffByTheServersShutdownIsANetworkErrorEveryTime() throws Exception {
        for (int round = 0; round < 5; round++) {
            HybridServer server = HybridServer.builder().bindAddress("127.0.0.1").port(0)
                    .shutdownGracePeriod(Duration.ofMillis(round * 50L)).diagnostics(true).build().start();
            try (RemoteExecutionClient client = RemoteExecutionClient.builder(RemoteConfig.builder()
                    .target("127.0.0.1:" + server.port()).deadline(Duration.ofSeconds(60)).build()).build()) {
                CompletableFuture<RemoteResult> call = CompletableFuture.supplyAsync(
                        () -> client.call("Sleep", "30000".getBytes(StandardCharsets.US_ASCII)));
                awaitInFlight(server);
                server.close();
                ExecutionException failed = assertThrows(ExecutionException.class, () -> call.get(30, TimeUnit.SECONDS));
                RemoteCallException e = assertInstanceOf(RemoteCallException.class, failed.getCause());
                assertEquals(HostStatus.NETWORK_ERROR, e.status(), "round " + round + ": " + e.getMessage());
            } finally {
                server.close();
            }
        }
    }

    private static void awaitInFlight(HybridServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.stats().inFlightCalls() < 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the Sleep call never reached the server");
            }
            Thread.sleep(5);
        }
    }
}
