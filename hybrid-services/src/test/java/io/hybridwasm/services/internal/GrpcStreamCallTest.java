package io.hybridwasm.services.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.hybridwasm.proto.v1.Encoding;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.StreamOpen;
import io.hybridwasm.proto.v1.StreamRequest;
import io.hybridwasm.proto.v1.StreamResponse;
import io.hybridwasm.services.builtin.Echo;
import io.hybridwasm.services.builtin.Fail;
import io.hybridwasm.services.spi.HostedServiceRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream's flow-control discipline, against a scripted response observer. */
class GrpcStreamCallTest {

    /** Records what the call asks of the transport; readiness is set by the test. */
    private static final class ScriptedObserver extends ServerCallStreamObserver<StreamResponse> {
        boolean autoRequestDisabled;
        int requested;
        boolean ready = true;
        Runnable onReady;
        Runnable onCancel;
        final List<StreamResponse> responses = new ArrayList<>();
        Throwable error;
        boolean completed;

        @Override
        public void disableAutoRequest() {
            autoRequestDisabled = true;
        }

        @Override
        public void disableAutoInboundFlowControl() {
            autoRequestDisabled = true;
        }

        @Override
        public void request(int count) {
            requested += count;
        }

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setOnReadyHandler(Runnable handler) {
            onReady = handler;
        }

        @Override
        public void setOnCancelHandler(Runnable handler) {
            onCancel = handler;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void setCompression(String compression) {
        }

        @Override
        public void setMessageCompression(boolean enable) {
        }

        @Override
        public void onNext(StreamResponse value) {
            responses.add(value);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
            completed = true;
        }
    }

    private final ScriptedObserver out = new ScriptedObserver();
    private final StatsCounters stats = new StatsCounters(() -> 0);

    private GrpcStreamCall startCall() {
        HostedServiceRegistry registry = HostedServiceRegistry.empty();
        registry.register(new Echo());
        registry.register(new Fail());
        SessionStore sessions = new SessionStore(Duration.ofMinutes(1), 10, InstantSource.system());
        return new GrpcStreamCall(new ServiceResolver(registry, sessions), stats, out).start();
    }

    private static StreamRequest open(String service) {
        return StreamRequest.newBuilder().setOpen(StreamOpen.newBuilder().setService(service)).build();
    }

    private static StreamRequest chunk(int n) {
        return StreamRequest.newBuilder().setChunk(Payload.newBuilder()
                .setEncoding(Encoding.ENCODING_RAW).setData(ByteString.copyFrom(new byte[] {(byte) n}))).build();
    }

    @Test
    void requestsExactlyOneMessageAtATimeAndAnswersEachChunk() {
        GrpcStreamCall call = startCall();
        assertTrue(out.autoRequestDisabled, "automatic inbound flow control must be off");
        assertEquals(1, out.requested, "only the open message is asked for up front");

        call.onNext(open("Echo"));
        assertEquals(2, out.requested);
        for (int i = 1; i <= 5; i++) {
            call.onNext(chunk(i));
            assertEquals(2 + i, out.requested, "one more message per consumed chunk");
            StreamResponse r = out.responses.get(i - 1);
            assertEquals(i, r.getChunksConsumed());
            assertEquals(i, r.getOutput().getData().byteAt(0));
        }
        call.onCompleted();
        assertTrue(out.completed);
        assertEquals(5, out.responses.size());
        assertEquals(5, stats.streamChunks("Echo"));
        assertEquals(5, stats.streamBytes("Echo"));
    }

    @Test
    void stopsAskingWhileTheClientIsNotReadingResponses() {
        GrpcStreamCall call = startCall();
        call.onNext(open("Echo"));
        out.ready = false;
        call.onNext(chunk(1));
        assertEquals(2, out.requested, "no new request while the response side is full");
        out.onReady.run();
        assertEquals(2, out.requested, "still not ready: nothing changes without the transport saying so");
        out.ready = true;
        out.onReady.run();
        assertEquals(3, out.requested);
        out.onReady.run();
        assertEquals(3, out.requested, "a spurious onReady does not request twice");
        call.onNext(chunk(2));
        assertEquals(2, out.responses.get(1).getChunksConsumed());
    }

    @Test
    void aFirstMessageWithoutOpenIsAnInvalidArgument() {
        GrpcStreamCall call = startCall();
        call.onNext(chunk(1));
        assertEquals(Status.Code.INVALID_ARGUMENT, Status.fromThrowable(out.error).getCode());
        assertTrue(out.responses.isEmpty());
        call.onNext(chunk(2)); // ignored after the failure
        assertEquals(1, out.requested);
    }

    @Test
    void anUnknownServiceIsNotFound() {
        GrpcStreamCall call = startCall();
        call.onNext(open("Nope"));
        Status status = Status.fromThrowable(out.error);
        assertEquals(Status.Code.NOT_FOUND, status.getCode());
        assertTrue(status.getDescription().contains("Echo"), status.getDescription());
    }

    @Test
    void aFailingChunkEndsTheStreamWithTheServicesStatus() {
        GrpcStreamCall call = startCall();
        call.onNext(open("Fail"));
        call.onNext(chunk(1));
        assertEquals(Status.Code.INTERNAL, Status.fromThrowable(out.error).getCode());
        assertFalse(out.completed);
    }

    @Test
    void cancellationStopsFurtherProcessing() {
        GrpcStreamCall call = startCall();
        call.onNext(open("Echo"));
        out.onCancel.run();
        call.onNext(chunk(1));
        assertTrue(out.responses.isEmpty());
        assertNull(out.error);
    }
}
