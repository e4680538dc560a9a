package io.hybridwasm.bridge.internal;

import com.google.protobuf.ByteString;
import io.grpc.ClientCall;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * {@link RemoteStream} over the {@code Stream} rpc. The first message carries {@code open}; each
 * {@link #send} waits until {@link ClientCallStreamObserver#isReady()} before handing over one
 * chunk, so at most one chunk beyond gRPC's ready threshold (32 KiB) is ever queued in the client.
 *
 * <p>Threads: senders block on {@link #lock}'s condition; gRPC callbacks run on the Netty event
 * loop (the channel uses {@code directExecutor()}), where they only record state and signal.
 * They take the lock only briefly: no sender holds it while waiting or doing I/O.
 */
public final class GrpcRemoteStream implements RemoteStream {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcRemoteStream.class);

    private final String service;
    private final PayloadEncoding encoding;
    private final Duration perCall;
    private final int maxMessageSize;
    private final Consumer<RemoteResult> onResponse;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private ClientCallStreamObserver<StreamRequest> requests;
    private Status failure;
    private boolean serverDone;
    private boolean halfClosed;
    private boolean failureReported;
    private long sent;
    private volatile long consumed;

    private GrpcRemoteStream(String service, PayloadEncoding encoding, Duration perCall, int maxMessageSize,
                             Consumer<RemoteResult> onResponse) {
        this.service = service;
        this.encoding = encoding;
        this.perCall = perCall;
        this.maxMessageSize = maxMessageSize;
        this.onResponse = onResponse;
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
        ClientCalls.asyncBidiStreamingCall(call, stream.new Responses());
        // One small message before the transport is ready is bounded; every chunk waits.
        stream.requests.onNext(StreamRequest.newBuilder().setOpen(open).build());
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
        lock.lock();
        try {
            awaitReady(until);
            requests.onNext(message);
            sent++;
        } finally {
            lock.unlock();
        }
    }

    private void awaitReady(Instant until) {
        while (true) {
            throwIfUnusable();
            if (requests.isReady()) {
                return;
            }
            long nanos = Duration.between(Instant.now(), until).toNanos();
            if (nanos <= 0) {
                throw new RemoteCallException(HostStatus.TIMEOUT, "stream to " + service
                        + ": the transport did not accept the chunk before the deadline (flow control: the server"
                        + " consumes slower than chunks are sent)");
            }
            try {
                changed.awaitNanos(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteCallException(HostStatus.TIMEOUT, "stream to " + service + ": interrupted", e);
            }
        }
    }

    private void throwIfUnusable() {
        if (failure != null) {
            failureReported = true;
            throw StatusTable.toException(failure, false, "stream to " + service, failure.asRuntimeException());
        }
        if (halfClosed) {
            throw new IllegalStateException("stream to " + service + " is closed");
        }
        if (serverDone) {
            throw new RemoteCallException(HostStatus.REMOTE_ERROR, "stream to " + service
                    + ": the server ended the stream before the client closed it");
        }
    }

    @Override
    public boolean isOpen() {
        lock.lock();
        try {
            return failure == null && !serverDone && !halfClosed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long chunksSent() {
        lock.lock();
        try {
            return sent;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long chunksConsumed() {
        return consumed;
    }

    @Override
    public void close() {
        Instant until = Instant.now().plus(perCall);
        lock.lock();
        try {
            if (!halfClosed) {
                halfClosed = true;
                if (failure == null && !serverDone) {
                    requests.onCompleted();
                }
            }
            while (failure == null && !serverDone) {
                long nanos = Duration.between(Instant.now(), until).toNanos();
                if (nanos <= 0) {
                    requests.cancel("the server did not finish the stream within " + perCall, null);
                    throw new RemoteCallException(HostStatus.TIMEOUT, "stream to " + service
                            + ": the server did not finish within " + perCall + " of the close");
                }
                changed.awaitNanos(nanos);
            }
            if (failure != null && !failureReported) {
                failureReported = true;
                throw StatusTable.toException(failure, false, "stream to " + service, failure.asRuntimeException());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.cancel("interrupted while closing", e);
        } finally {
            lock.unlock();
        }
    }

    private void signal(Runnable update) {
        lock.lock();
        try {
            update.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "GrpcRemoteStream[" + service + ", sent=" + chunksSent() + ", consumed=" + consumed + "]";
    }

    /** gRPC's callbacks; on the event loop, so they must not block. */
    private final class Responses implements ClientResponseObserver<StreamRequest, StreamResponse> {
        @Override
        public void beforeStart(ClientCallStreamObserver<StreamRequest> requestStream) {
            requests = requestStream;
            requestStream.setOnReadyHandler(() -> signal(() -> { }));
        }

        @Override
        public void onNext(StreamResponse response) {
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

        @Override
        public void onError(Throwable t) {
            Status status = Status.fromThrowable(t);
            LOG.debug("stream to {} failed: {}", service, status);
            signal(() -> failure = status);
        }

        @Override
        public void onCompleted() {
            signal(() -> serverDone = true);
        }
    }
}
