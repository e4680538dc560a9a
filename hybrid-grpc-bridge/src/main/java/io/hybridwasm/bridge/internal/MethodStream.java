package io.hybridwasm.bridge.internal;

import io.grpc.ClientCall;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
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
 * <p>Threads: the waiting is {@link RequestFlow}'s, whose lock also guards the responses; gRPC
 * callbacks run on the event loop and only record state and signal.
 */
public final class MethodStream implements RemoteStream {
    private static final Logger LOG = LoggerFactory.getLogger(MethodStream.class);

    private final MethodName name;
    private final MethodSchema schema;
    private final Duration perCall;
    private final int maxMessageSize;
    private final Consumer<RemoteResult> onResponse;
    private final RequestFlow<byte[]> flow;
    private final List<byte[]> responses = new ArrayList<>();
    private long responseBytes;

    private MethodStream(MethodName name, MethodSchema schema, Duration perCall, int maxMessageSize,
                         Consumer<RemoteResult> onResponse) {
        this.name = name;
        this.schema = schema;
        this.perCall = perCall;
        this.maxMessageSize = maxMessageSize;
        this.onResponse = onResponse;
        String what = "stream to " + name;
        this.flow = new RequestFlow<>(what, "message", new RequestFlow.Refusals() {
            @Override
            public RuntimeException failed(Status failure) {
                return StatusTable.toMethodException(failure, false, what, failure.asRuntimeException());
            }

            @Override
            public RuntimeException ended(boolean byClient) {
                return new RemoteCallException(HostStatus.REMOTE_ERROR, what + " is "
                        + (byClient ? "finished" : "ended by the server") + "; the next message opens a new one");
            }
        });
    }

    /** Starts the call; does not wait for the connection (a server that is down shows on the first send). */
    static MethodStream open(PooledChannel channel, MethodSchema schema, MethodName name, Duration perCall,
                             int maxMessageSize, Consumer<RemoteResult> onResponse) {
        MethodStream stream = new MethodStream(name, schema, perCall, maxMessageSize, onResponse);
        ClientCall<byte[], byte[]> call = channel.channel().newCall(schema.grpc(), channel.streamOptions(maxMessageSize));
        if (schema.grpc().getType().serverSendsOneMessage()) {
            ClientCalls.asyncClientStreamingCall(call, stream.flow.observer(stream::received));
        } else {
            ClientCalls.asyncBidiStreamingCall(call, stream.flow.observer(stream::received));
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
        ExecuteCalls.checkSize(chunk.length, maxMessageSize, "message for", name);
        byte[] message = schema.request(chunk, name.raw());
        Instant until = CallDeadline.instant(perCall, Optional.of(deadline));
        flow.send(message, until);
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
        List<byte[]> all = flow.locked(() -> List.copyOf(responses));
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

    private void awaitEnd(Instant until) {
        flow.finish(until, "the server did not finish before the deadline", "the server did not finish in time");
    }

    @Override
    public boolean isOpen() {
        return flow.isOpen();
    }

    @Override
    public long chunksSent() {
        return flow.sent();
    }

    /** Messages the server answered so far; gRPC methods report no consumption of their own. */
    @Override
    public long chunksConsumed() {
        return flow.locked(responses::size);
    }

    /** Half-closes and waits, at most the per-call deadline, for the server; the answer is discarded. Idempotent. */
    @Override
    public void close() {
        awaitEnd(Instant.now().plus(perCall));
    }

    @Override
    public String toString() {
        return "MethodStream[" + name + ", sent=" + chunksSent() + "]";
    }

    /** One response, on the event loop, so it must not block. */
    private void received(byte[] response) {
        flow.signal(() -> {
            responseBytes += response.length;
            if (responseBytes > maxMessageSize) {
                flow.failed(Status.RESOURCE_EXHAUSTED.withDescription("the responses of " + name
                        + " exceed the maximum message size of " + maxMessageSize + " bytes"));
                flow.cancel("responses exceed the maximum message size");
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
}
