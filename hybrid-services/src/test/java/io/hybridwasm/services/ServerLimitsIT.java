package io.hybridwasm.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.ExecuteResponse;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.services.testing.TestServer;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Concurrency limits and connection lifetimes take effect on a real server. */
class ServerLimitsIT {

    private static ExecuteRequest sleep(long millis) {
        return ExecuteRequest.newBuilder().setService("Sleep").putConfig("millis", Long.toString(millis))
                .setInput(Payload.newBuilder().setEncoding(Encoding.ENCODING_RAW).setData(ByteString.copyFromUtf8("z")))
                .build();
    }

    private static RemoteExecutionGrpc.RemoteExecutionFutureStub futures(ManagedChannel channel) {
        return RemoteExecutionGrpc.newFutureStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static void awaitState(ManagedChannel channel, ConnectivityState wanted, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (channel.getState(false) != wanted) {
            assertTrue(System.nanoTime() < deadline, "channel stayed " + channel.getState(false) + ", not " + wanted);
            Thread.sleep(10);
        }
    }

    @Test
    void callsBeyondTheTotalLimitAreRefusedAsBusyAndPlacesAreFreedAfterwards() throws Exception {
        try (TestServer server = TestServer.start(b -> b.maxConcurrentCalls(2))) {
            ManagedChannel second = server.newChannel();
            try {
                // Two connections: the limit is over all of them.
                List<ListenableFuture<ExecuteResponse>> running = List.of(
                        futures(server.channel()).execute(sleep(400)), futures(second).execute(sleep(400)));
                server.awaitInFlight(2);
                StatusRuntimeException busy = assertThrows(StatusRuntimeException.class,
                        () -> server.blocking().withDeadlineAfter(5, TimeUnit.SECONDS).execute(sleep(400)));
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, busy.getStatus().getCode());
                assertTrue(busy.getStatus().getDescription().startsWith("server busy"), busy.getStatus().getDescription());
                for (ListenableFuture<ExecuteResponse> call : running) {
                    assertEquals("z", call.get(5, TimeUnit.SECONDS).getOutput().getData().toStringUtf8());
                }
                // A call cut short by its deadline frees its place as well, once the server has
                // seen the cancellation (a moment after the client gave up).
                assertEquals(Status.Code.DEADLINE_EXCEEDED, assertThrows(StatusRuntimeException.class,
                        () -> server.blocking().withDeadlineAfter(100, TimeUnit.MILLISECONDS).execute(sleep(5_000)))
                        .getStatus().getCode());
                long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (!twoConcurrentCallsSucceed(server.channel(), second)) {
                    assertTrue(System.nanoTime() < deadline, "the places of finished calls were not freed");
                    Thread.sleep(20);
                }
            } finally {
                second.shutdownNow();
            }
        }
    }

    private static boolean twoConcurrentCallsSucceed(ManagedChannel a, ManagedChannel b) throws Exception {
        List<ListenableFuture<ExecuteResponse>> calls = List.of(futures(a).execute(sleep(50)), futures(b).execute(sleep(50)));
        boolean ok = true;
        for (ListenableFuture<ExecuteResponse> call : calls) {
            try {
                call.get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, Status.fromThrowable(e.getCause()).getCode());
                ok = false;
            }
        }
        return ok;
    }

    @Test
    void theLimitPerConnectionMakesOneClientsCallsTakeTurns() throws Exception {
        AtomicInteger peak = new AtomicInteger();
        try (TestServer server = TestServer.start(b -> b.maxConcurrentCallsPerConnection(1))) {
            long start = System.nanoTime();
            List<ListenableFuture<ExecuteResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(futures(server.channel()).execute(sleep(300)));
            }
            while (!calls.stream().allMatch(ListenableFuture::isDone)) {
                peak.accumulateAndGet(server.server().stats().inFlightCalls(), Math::max);
                Thread.sleep(5);
            }
            for (ListenableFuture<ExecuteResponse> call : calls) {
                assertEquals("z", call.get().getOutput().getData().toStringUtf8());
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1, peak.get());
            assertTrue(ms >= 580, "two 300 ms calls finished in " + ms + " ms, so they overlapped");
        }
    }

    @Test
    void oversizedMetadataIsRefusedBeforeTheServiceRuns() throws Exception {
        try (TestServer server = TestServer.start(b -> b.maxInboundMetadataSize(1024))) {
            Metadata big = new Metadata();
            big.put(Metadata.Key.of("x-padding", Metadata.ASCII_STRING_MARSHALLER), "p".repeat(4096));
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking()
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(big))
                    .withDeadlineAfter(5, TimeUnit.SECONDS).execute(sleep(0)));
            assertTrue(e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED, e.getStatus().toString());
            assertEquals(0, server.server().stats().executeCalls("Sleep"));
            assertEquals("z", server.blocking().execute(sleep(0)).getOutput().getData().toStringUtf8());
        }
    }

    @Test
    void anIdleConnectionIsClosedAndTheNextCallReconnects() throws Exception {
        try (TestServer server = TestServer.start(b -> b.maxConnectionIdle(Duration.ofMillis(300)))) {
            server.blocking().execute(sleep(0));
            assertEquals(ConnectivityState.READY, server.channel().getState(false));
            awaitState(server.channel(), ConnectivityState.IDLE, Duration.ofSeconds(3));
            assertEquals("z", server.blocking().execute(sleep(0)).getOutput().getData().toStringUtf8());
        }
    }

    @Test
    void anAgedConnectionIsRotatedWhileItsCallFinishesWithinTheGrace() throws Exception {
        try (TestServer server = TestServer.start(b -> b.maxConnectionAge(Duration.ofMillis(200), Duration.ofSeconds(5)))) {
            // Outlives the connection's age, but not its grace.
            assertEquals("z", server.blocking().withDeadlineAfter(5, TimeUnit.SECONDS).execute(sleep(600))
                    .getOutput().getData().toStringUtf8());
            awaitState(server.channel(), ConnectivityState.IDLE, Duration.ofSeconds(3));
            assertEquals("z", server.blocking().execute(sleep(0)).getOutput().getData().toStringUtf8());
        }
    }

    @Test
    void aConnectionThatNeverCompletesItsHandshakeIsDropped() throws Exception {
        try (TestServer server = TestServer.start(b -> b.handshakeTimeout(Duration.ofMillis(300)));
             Socket silent = new Socket("127.0.0.1", server.server().port())) {
            silent.setSoTimeout(3_000);
            long start = System.nanoTime();
            InputStream in = silent.getInputStream();
            int read;
            do {
                read = in.read(); // the server's SETTINGS, then end of stream
            } while (read != -1);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 250 && ms < 2_500, "dropped after " + ms + " ms");
        }
    }
}
