package io.hybridwasm.bridge.internal;

import io.grpc.ClientCall;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.hybridwasm.HostStatus;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.bridge.RemoteResult;
import io.hybridwasm.bridge.RemoteStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A {@link RemoteStream} to a client- or bidirectional-streaming gRPC method called by name:
 * each {@link #send} transcodes one chunk to a request message and hands it over once the
 * transport is ready (flow control, as {@link GrpcRemoteStream}); {@link #finish} half-closes,
 * waits for the server, and returns the answer (client streaming: the response; bidirectional:
 * every response, as {@link MethodCalls.ResponseList} lays them out). Responses are kept as
 * they arrive, at most the maximum message size in all; beyond that the stream fails with
 * {@link HostStatus#TOO_LARGE}.
 *
 * <p>Threads: senders block on {@link #lock}'s condition; gRPC callbacks run on the event loop
 * and only record state and signal. Nobody holds the lock while waiting.
 */
public final class MethodStream implements RemoteStream {
    private static final Logger LOG = LoggerFactory.getLogger(MethodStream.class);

    private final MethodName name;
    private final MethodSchema schema;
    private final Duration perCall;
    private final int maxMessageSize;
    private final Consumer<RemoteResult> onResponse;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<byte[]> responses = new ArrayList<>();
    private ClientCallStreamObserver<byte[]> requests;
    private long responseBytes;
    private Status failure;
    private boolean serverDone;
    private boolean halfClosed;
    private boolean failureReported;
    private long sent;

    private MethodStream(MethodName name, MethodSchema schema, Duration perCall, int maxMessageSize,
                         Consumer<RemoteResult> onResponse) {
        this.name = name;
        this.schema = schema;
        this.perCall = perCall;
        this.maxMessageSize = maxMessageSize;
        this.onResponse = onResponse;
    }

    /** Starts the call; does not wait for the connection (a server that is down shows on the first send). */
    static MethodStream open(PooledChannel channel, MethodSchema schema, MethodName name, Duration perCall,
                             int maxMessageSize, Consumer<RemoteResult> onResponse) {
        MethodStream stream = new MethodStream(name, schema, perCall, maxMessageSize, onResponse);
        ClientCall<byte[], byte[]> call = channel.channel().newCall(schema.grpc(), channel.streamOptions(maxMessageSize));
        if (schema.grpc().getType().serverSendsOneMessage()) {
            ClientCalls.asyncClientStreamingCall(call, stream.new Responses());
        } else {
            ClientCalls.asyncBidiStreamingCall(call, stream.new Responses());
        }
        return stream;
    }

    @Override
    public String service() {
        return name.toString();
    }

    @Override
    public void send(byte[] chunk) {
        send(chunk, Instant.now().plus(perCall));
    }

    /**
     * @throws RemoteCallException {@link HostStatus#INVALID_ARGUMENT} when the chunk does not fit the
     *                             request type (the stream stays usable); otherwise as {@link RemoteStream#send}
     */
    @Override
    public void send(byte[] chunk, Instant deadline) {
        ExecuteCalls.checkSize(chunk.length, maxMessageSize, "message for " + name);
        byte[] message = schema.request(chunk, name.raw());
        Instant until = CallDeadline.instant(perCall, Optional.of(deadline));
        lock.lock();
        try {
            awaitReady(until);
            requests.onNext(message);
            sent++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends {@code last} as one more message unless it is empty, half-closes, and waits until
     * {@code deadline} for the server to finish.
     *
     * @return the response (client streaming) or every response (bidirectional streaming)
     * @throws RemoteCallException the stream failed, or the server did not finish in time
     *                             ({@link HostStatus#TIMEOUT}; the call is cancelled)
     */
    public RemoteResult finish(byte[] last, Instant deadline) {
        if (last.length > 0) {
            send(last, deadline);
        }
        awaitEnd(deadline);
        MethodCalls.ResponseList list = new MethodCalls.ResponseList(schema, name.raw(), maxMessageSize,
                "stream to " + name);
        List<byte[]> all;
        lock.lock();
        try {
            all = List.copyOf(responses);
        } finally {
            lock.unlock();
        }
        if (schema.grpc().getType().serverSendsOneMessage()) {
            if (all.size() != 1) {
                throw new RemoteCallException(HostStatus.REMOTE_ERROR, "stream to " + name + ": the server answered "
                        + all.size() + " messages to a client-streaming call, expected one");
            }
            return MethodCalls.result(schema.response(all.get(0), name.raw()), name.raw());
        }
        all.forEach(list::add);
        return MethodCalls.result(list.bytes(), name.raw());
    }

    private void awaitReady(Instant until) {
        while (true) {
            throwIfUnusable();
            if (requests.isReady()) {
                return;
            }
            await(until, "the transport did not accept the message before the deadline (flow control: the server"
                    + " consumes slower than messages are sent)");
        }
    }

    private void await(Instant until, String timeoutReason) {
        long nanos = Duration.between(Instant.now(), until).toNanos();
        if (nanos <= 0) {
            throw new RemoteCallException(HostStatus.TIMEOUT, "stream to " + name + ": " + timeoutReason);
        }
        try {
            changed.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteCallException(HostStatus.TIMEOUT, "stream to " + name + ": interrupted", e);
        }
    }

    private void throwIfUnusable() {
        if (failure != null) {
            failureReported = true;
            throw StatusTable.toMethodException(failure, false, "stream to " + name, failure.asRuntimeException());
        }
        if (halfClosed || serverDone) {
            throw new RemoteCallException(HostStatus.REMOTE_ERROR, "stream to " + name + " is "
                    + (halfClosed ? "finished" : "ended by the server") + "; the next message opens a new one");
        }
    }

    private void awaitEnd(Instant until) {
        lock.lock();
        try {
            if (!halfClosed) {
                halfClosed = true;
                if (failure == null && !serverDone) {
                    requests.onCompleted();
                }
            }
            while (failure == null && !serverDone) {
                try {
                    await(until, "the server did not finish before the deadline");
                } catch (RemoteCallException e) {
                    requests.cancel("the server did not finish in time", null);
                    throw e;
                }
            }
            if (failure != null && !failureReported) {
                failureReported = true;
                throw StatusTable.toMethodException(failure, false, "stream to " + name, failure.asRuntimeException());
            }
        } finally {
            lock.unlock();
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

    /** Messages the server answered so far; gRPC methods report no consumption of their own. */
    @Override
    public long chunksConsumed() {
        lock.lock();
        try {
            return responses.size();
        } finally {
            lock.unlock();
        }
    }

    /** Half-closes and waits, at most the per-call deadline, for the server; the answer is discarded. Idempotent. */
    @Override
    public void close() {
        awaitEnd(Instant.now().plus(perCall));
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
        return "MethodStream[" + name + ", sent=" + chunksSent() + "]";
    }

    /** gRPC's callbacks; on the event loop, so they must not block. */
    private final class Responses implements ClientResponseObserver<byte[], byte[]> {
        @Override
        public void beforeStart(ClientCallStreamObserver<byte[]> requestStream) {
            requests = requestStream;
            requestStream.setOnReadyHandler(() -> signal(() -> { }));
        }

        @Override
        public void onNext(byte[] response) {
            signal(() -> {
                responseBytes += response.length;
                if (responseBytes > maxMessageSize) {
                    failure = Status.RESOURCE_EXHAUSTED.withDescription("the responses of " + name
                            + " exceed the maximum message size of " + maxMessageSize + " bytes");
                    requests.cancel("responses exceed the maximum message size", null);
                } else {
                    responses.add(response);
                }
            });
            if (onResponse != null) {
                try {
                    onResponse.accept(MethodCalls.result(schema.response(response, name.raw()), name.raw()));
                } catch (RuntimeException e) {
                    LOG.warn("stream response listener for {} threw; response dropped", name, e);
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            Status status = Status.fromThrowable(t);
            LOG.debug("stream to {} failed: {}", name, status);
            signal(() -> {
                if (failure == null) {
                    failure = status;
                }
            });
        }

        @Override
        public void onCompleted() {
            signal(() -> serverDone = true);
        }
    }
}
