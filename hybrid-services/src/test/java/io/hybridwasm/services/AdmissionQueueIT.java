package io.hybridwasm.services;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.ExecuteRequest;
import io.hybridwasm.proto.v1.ExecuteResponse;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.services.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9.2's admission bound: with every worker taken, at most {@code maxQueuedCalls} calls wait
 * for one; the rest of a flood is refused with RESOURCE_EXHAUSTED "server busy" at once, while
 * the worker is still taken (so they did not wait in any queue), and the calls that did wait
 * run once the worker frees.
 */
class AdmissionQueueIT {
    private static final int FLOOD = 20;
    private static final int MAX_QUEUED = 2;

    @Test
    void aFloodBeyondTheQueueIsRefusedAtOnceAndTheQueuedCallsRunLater() throws Exception {
        try (TestServer server = TestServer.start(b -> b.workerThreads(1).maxQueuedCalls(MAX_QUEUED))) {
            ListenableFuture<ExecuteResponse> holder = futures(server).execute(sleep(60_000));
            server.awaitInFlight(1); // the only worker is taken until the holder is cancelled

            List<ListenableFuture<ExecuteResponse>> flood = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                flood.add(futures(server).execute(sleep(0)));
            }
            // One connection, so the calls reach the server in order: the first MAX_QUEUED wait.
            List<ListenableFuture<ExecuteResponse>> refused = flood.subList(MAX_QUEUED, FLOOD);
            for (ListenableFuture<ExecuteResponse> call : refused) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(30, TimeUnit.SECONDS));
                Status status = Status.fromThrowable(e.getCause());
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode());
                assertTrue(status.getDescription().startsWith("server busy"), status.getDescription());
            }
            assertFalse(holder.isDone(), "the refusals came while the worker was still taken");
            for (ListenableFuture<ExecuteResponse> queued : flood.subList(0, MAX_QUEUED)) {
                assertFalse(queued.isDone(), "a queued call waits for the worker");
            }
            HealthCheckResponse health = HealthGrpc.newBlockingStub(server.channel())
                    .withDeadlineAfter(30, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
            assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus(), "probes bypass the queue");

            holder.cancel(true);
            for (ListenableFuture<ExecuteResponse> queued : flood.subList(0, MAX_QUEUED)) {
                assertEquals("z", queued.get(30, TimeUnit.SECONDS).getOutput().getData().toStringUtf8());
            }
        }
    }

    @Test
    void theQueueBoundIsValidatedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HybridServer.builder().maxQueuedCalls(-1));
        assertTrue(e.getMessage().contains("maxQueuedCalls") && e.getMessage().contains("-1"), e.getMessage());
    }

    private static RemoteExecutionGrpc.RemoteExecutionFutureStub futures(TestServer server) {
        return RemoteExecutionGrpc.newFutureStub(server.channel()).withDeadlineAfter(90, TimeUnit.SECONDS);
    }

    private static ExecuteRequest sleep(long millis) {
        return ExecuteRequest.newBuilder().setService("Sleep").putConfig("millis", Long.toString(millis))
                .setInput(Payload.newBuilder().setEncoding(Encoding.ENCODING_RAW).setData(ByteString.copyFromUtf8("z")))
                .build();
    }
}
