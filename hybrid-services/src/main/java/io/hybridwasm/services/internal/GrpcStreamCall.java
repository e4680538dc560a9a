package io.hybridwasm.services.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.StreamOpen;
import io.hybridwasm.proto.v1.StreamRequest;
import io.hybridwasm.proto.v1.StreamResponse;
import io.hybridwasm.services.spi.HostedService;
import io.hybridwasm.services.spi.ServiceCall;
import io.hybridwasm.services.spi.ServiceResult;
import io.hybridwasm.services.spi.StreamHandler;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code Stream} call: the {@code open} message picks the service and session, then each
 * chunk goes to the service's {@link StreamHandler} and is answered with one response
 * carrying the count of chunks consumed so far (plus one more if the handler's
 * {@link StreamHandler#finish()} has a final result).
 *
 * <p><b>Flow control.</b> Automatic inbound flow control is off: the server asks the
 * transport for one message at a time, and only after the previous chunk has been consumed
 * and the response side can take more ({@code isReady()}); otherwise the request waits for
 * the on-ready callback. So a client sending faster than the service consumes is held back
 * by HTTP/2 flow control instead of filling the server's memory, and a client that stops
 * reading responses stops the server reading its chunks.
 *
 * <p>grpc-java delivers all callbacks of a call serially, so this class needs no locks.
 */
final class GrpcStreamCall implements StreamObserver<StreamRequest> {

    private static final Logger log = LoggerFactory.getLogger(GrpcStreamCall.class);

    private final ServiceResolver resolver;
    private final StatsCounters stats;
    private final ServerCallStreamObserver<StreamResponse> out;

    private HostedService service;
    private ServiceCall openCall;
    private StreamHandler handler;
    private long consumed;
    private boolean requestPending;
    private boolean done;

    GrpcStreamCall(ServiceResolver resolver, StatsCounters stats, ServerCallStreamObserver<StreamResponse> out) {
        this.resolver = resolver;
        this.stats = stats;
        this.out = out;
    }

    /** Takes over flow control and asks for the first message; call before returning it. */
    GrpcStreamCall start() {
        out.disableAutoRequest();
        out.setOnReadyHandler(this::onReady);
        out.setOnCancelHandler(this::onCancel);
        out.request(1);
        return this;
    }

    @Override
    public void onNext(StreamRequest request) {
        if (done) {
            return;
        }
        try {
            if (handler == null) {
                if (!request.hasOpen()) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription("the first StreamRequest must carry 'open'").asRuntimeException();
                }
                open(request.getOpen());
            } else {
                if (!request.hasChunk()) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription("after 'open', every StreamRequest must carry 'chunk'")
                            .asRuntimeException();
                }
                consume(request.getChunk());
            }
            requestNext();
        } catch (RuntimeException e) {
            fail(GrpcStatuses.of(e, service == null ? request.getOpen().getService() : service.name()));
        }
    }

    private void open(StreamOpen open) {
        HostedService target = resolver.service(open.getService(), open.getNodeType());
        ServiceCall call = new ServiceCall(PayloadEncoding.RAW, ByteBuffer.allocate(0),
                open.getConfigMap(), resolver.session(open.getSessionId(), target), 0, 0,
                ContextCancellation.current());
        service = target;
        stats.streamOpened(target.name());
        handler = target.openStream(call);
        openCall = call;
    }

    private void consume(Payload chunk) {
        stats.streamChunk(service.name(), chunk.getData().size());
        ServiceCall call = ProtoPayloads.chunk(openCall, chunk);
        ServiceResolver.checkAccepts(service, call.encoding());
        Optional<ServiceResult> result = handler.consume(call);
        consumed++;
        send(result);
    }

    private void send(Optional<ServiceResult> result) {
        StreamResponse.Builder response = StreamResponse.newBuilder().setChunksConsumed(consumed);
        result.ifPresent(r -> response.setOutput(ProtoPayloads.payload(r)));
        out.onNext(response.build());
    }

    private void requestNext() {
        if (out.isReady()) {
            out.request(1);
        } else {
            requestPending = true; // onReady asks once the client has read some responses
        }
    }

    private void onReady() {
        if (requestPending && !done && out.isReady()) {
            requestPending = false;
            out.request(1);
        }
    }

    @Override
    public void onCompleted() {
        if (done) {
            return;
        }
        try {
            if (handler != null) {
                Optional<ServiceResult> last = handler.finish();
                if (last.isPresent()) {
                    send(last);
                }
            }
            done = true;
            closeHandler();
            out.onCompleted();
        } catch (RuntimeException e) {
            fail(GrpcStatuses.of(e, service.name()));
        }
    }

    @Override
    public void onError(Throwable t) {
        // The client cancelled or the transport failed; there is nobody left to answer.
        log.debug("Stream to {} ended by the client: {}", service == null ? "?" : service.name(), t.toString());
        done = true;
        closeHandler();
    }

    private void onCancel() {
        done = true;
        closeHandler();
    }

    private void fail(StatusRuntimeException status) {
        done = true;
        closeHandler();
        out.onError(status);
    }

    private void closeHandler() {
        StreamHandler h = handler;
        if (h == null) {
            return;
        }
        handler = null;
        try {
            h.close();
        } catch (RuntimeException e) {
            log.warn("Closing the stream handler of {} failed", service.name(), e);
        }
    }
}
