package io.hybridwasm.bridge.internal;

import com.google.protobuf.ByteString;
import io.grpc.ClientCall;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.hybridwasm.HostStatus;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.bridge.RemoteResult;
import io.hybridwasm.bridge.RemoteStream;
import io.hybridwasm.proto.v1.Payload;
import io.hybridwasm.proto.v1.RemoteExecutionGrpc;
import io.hybridwasm.proto.v1.StreamOpen;
import io.hybridwasm.proto.v1.StreamRequest;
import io.hybridwasm.proto.v1.StreamResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link RemoteStream} over the {@code Stream} rpc. The first message carries {@code open}; each
 * {@link #send} waits until {@link io.grpc.stub.ClientCallStreamObserver#isReady()} before handing over one
 * chunk, so at most one chunk beyond gRPC's ready threshold (32 KiB) is ever queued in the client.
 *
 * <p>Threads: the waiting is {@link RequestFlow}'s; gRPC callbacks run on the Netty event loop
 * (the channel uses {@code directExecutor()}), where they only record state and signal.
 */
public final class GrpcRemoteStream implements RemoteStream {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcRemoteStream.class);

    private final String service;
    private final PayloadEncoding encoding;
    private final Duration perCall;
    private final int maxMessageSize;
    private final Consumer<RemoteResult> onResponse;
    private final RequestFlow<StreamRequest> flow;
    private volatile long consumed;

    private GrpcRemoteStream(String service, PayloadEncoding encoding, Duration perCall, int maxMessageSize,
                             Consumer<RemoteResult> onResponse) {
        this.service = service;
        this.encoding = encoding;
        this.perCall = perCall;
        this.maxMessageSize = maxMessageSize;
        this.onResponse = onResponse;
        String what = "stream to " + service;
        this.flow = new RequestFlow<>(what, "chunk", new RequestFlow.Refusals() {
            @Override
            public RuntimeException failed(Status failure) {
                return StatusTable.toException(failure, false, what, failure.asRuntimeException());
            }

            @Override
            public RuntimeException ended(boolean byClient) {
                return byClient ? new IllegalStateException(what + " is closed")
                        : new RemoteCallException(HostStatus.REMOTE_ERROR, what
                        + ": the server ended the stream before the client closed it");
            }
        });
    }

    /**
     * Starts the stream and queues its {@code open} message; does not wait for the connection, so
     * a server that is down or rejects the service shows on the first {@code send}.
     */
    public static GrpcRemoteStream open(PooledChannel channel, StreamOpen open, PayloadEncoding encoding,
                                        Duration perCall, int maxMessageSize, Consumer<RemoteResult> onResponse) {
        GrpcRemoteStream stream = new GrpcRemoteStream(open.getService(), encoding, perCall, maxMessageSize, onResponse);
        ClientCall<StreamRequest, StreamResponse> call = channel.channel().newCall(
                RemoteExecutionGrpc.getStreamMethod(), channel.streamOptions(UnaryCalls.inboundLimit(maxMessageSize)));
        ClientCalls.asyncBidiStreamingCall(call, stream.flow.observer(stream::received));
        // One small message before the transport is ready is bounded; every chunk waits.
        stream.flow.sendBeforeReady(StreamRequest.newBuilder().setOpen(open).build());
        return stream;
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public void send(byte[] chunk) {
        send(chunk, Instant.now().plus(perCall));
    }

    @Override
    public void send(byte[] chunk, Instant deadline) {
        if (chunk.length > maxMessageSize) {
            throw new RemoteCallException(HostStatus.TOO_LARGE, "stream chunk of " + chunk.length
                    + " bytes for " + service + " exceeds the maximum message size of " + maxMessageSize);
        }
        Instant until = CallDeadline.instant(perCall, Optional.of(deadline));
        // Copied: gRPC may keep a sent message for a transparent retry until the stream is
        // committed, and stream producers commonly reuse their chunk buffer.
        StreamRequest message = StreamRequest.newBuilder().setChunk(Payload.newBuilder()
                .setEncoding(Encodings.toProto(encoding)).setData(ByteString.copyFrom(chunk))).build();
        flow.send(message, until);
    }

    @Override
    public boolean isOpen() {
        return flow.isOpen();
    }

    @Override
    public long chunksSent() {
        return flow.sent();
    }

    @Override
    public long chunksConsumed() {
        return consumed;
    }

    @Override
    public void close() {
        flow.finish(Instant.now().plus(perCall), "the server did not finish within " + perCall + " of the close",
                "the server did not finish the stream within " + perCall);
    }

    @Override
    public String toString() {
        return "GrpcRemoteStream[" + service + ", sent=" + chunksSent() + ", consumed=" + consumed + "]";
    }

    /** One response, on the event loop, so it must not block. */
    private void received(StreamResponse response) {
        consumed = Math.max(consumed, response.getChunksConsumed());
        if (onResponse != null && response.hasOutput()) {
            try {
                onResponse.accept(new RemoteResult(response.getOutput().getData().toByteArray(),
                        Encodings.fromProto(response.getOutput().getEncoding()), Map.of()));
            } catch (RuntimeException e) {
                LOG.warn("stream response listener for {} threw; response dropped", service, e);
            }
        }
    }
}
