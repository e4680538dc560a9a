package io.hybridwasm.bridge;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteConfig;
import io.hybridwasm.RemotePolicy;
import io.hybridwasm.bridge.testing.Guest;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.ExecuteResponse;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.services.HybridServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server whose workers are all taken and whose queue is full refuses at once, and the guest
 * reads that as -2 (SERVICE_UNAVAILABLE), with "server busy" in {@code last_error}; once the
 * worker frees, the same guest's call is served.
 */
class BusyServerIT {

    @Test
    void aFullServerIsMinusTwoForTheGuestAndServesAgainOnceAWorkerFrees() throws Exception {
        HybridServer server = HybridServer.builder().port(0).diagnostics(true).workerThreads(1).maxQueuedCalls(0)
                .build().start();
        ManagedChannel holderChannel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        RemoteConfig remote = RemoteConfig.builder().target("127.0.0.1:" + server.port())
                .policy(RemotePolicy.builder().maxAttempts(1).build()).build();
        try (GrpcBridgeProvider provider = new GrpcBridgeProvider();
             Guest guest = new Guest("busy", Guest.config(remote, Set.of("Echo")), provider.functions())) {
            ListenableFuture<ExecuteResponse> holder = RemoteExecutionGrpc.newFutureStub(holderChannel)
                    .withDeadlineAfter(90, TimeUnit.SECONDS).execute(sleep(60_000));
            awaitInFlight(server, 1);

            assertEquals(HostStatus.SERVICE_UNAVAILABLE.code(), guest.callRemote("Echo", new byte[] {1}, 16).status());
            String error = guest.lastError(512).text();
            assertTrue(error.contains("server busy"), error);

            holder.cancel(true);
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int status;
            do {
                status = guest.callRemote("Echo", new byte[] {1}, 16).status();
            } while (status != 0 && System.nanoTime() < until);
            assertEquals(0, status, "served once the worker is free");
        } finally {
            holderChannel.shutdownNow();
            server.close();
        }
    }

    private static void awaitInFlight(HybridServer server, int calls) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.stats().inFlightCalls() < calls && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(calls, server.stats().inFlightCalls());
    }

    private static ExecuteRequest sleep(long millis) {
        return ExecuteRequest.newBuilder().setService("Sleep").putConfig("millis", Long.toString(millis))
                .setInput(Payload.newBuilder().setEncoding(Encoding.ENCODING_RAW).setData(ByteString.copyFromUtf8("z")))
                .build();
    }
}
