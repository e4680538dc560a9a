package io.hybridwasm.bridge.internal;

import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.hybridwasm.HostStatus;
import io.hybridwasm.PayloadEncoding;
import io.hybridwasm.RemoteCallException;
import io.hybridwasm.RemotePolicy;
import io.hybridwasm.bridge.RemoteResult;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Calls of gRPC methods by name ({@code package.Service/Method}) for one client: the schema
 * (descriptor sets first, else the channel's server reflection), the transcoding, and the call
 * itself with the method's own {@code MethodDescriptor}, so the channel's service config
 * (retries, hedging, timeouts, wait-for-ready) applies and gRPC, not the bridge, retries.
 * Every attempt still passes the endpoint's {@link EndpointGuard} (circuit breaker, in-flight
 * bound), and is judged for it as unary {@code Execute} calls are: a caller's deadline that passed
 * after the request reached the server does not count against the endpoint ({@link RequestSent}).
 * Failures map through {@link StatusTable#methodStatus}.
 *
 * <p>Thread-safe; one per client. Calls block the calling thread until the deadline at most.
 */
public final class MethodCalls {
    private final RemotePolicy policy;
    private final int maxMessageSize;
    private final DescriptorSets descriptorSets;

    public MethodCalls(RemotePolicy policy, int maxMessageSize, DescriptorSets descriptorSets) {
        this.policy = policy;
        this.maxMessageSize = maxMessageSize;
        this.descriptorSets = descriptorSets;
    }

    /**
     * The schema of {@code name}: from the descriptor sets without any I/O, else from the server's
     * reflection (cached per channel).
     *
     * @throws RemoteCallException {@link HostStatus#UNKNOWN_SERVICE} for an unknown service or method;
     *                             {@link HostStatus#SERVICE_UNAVAILABLE} when reflection is needed and the
     *                             endpoint's circuit is open
     */
    public MethodSchema schema(PooledChannel channel, MethodName name, Deadline deadline) {
        ServiceSchema described = descriptorSets.service(name.service()).orElse(null);
        if (described != null) {
            return described.method(name.method(), () -> "descriptor sets " + descriptorSets.files());
        }
        channel.guard(policy).breaker().refuseIfOpen("server reflection for " + name.service());
        return channel.reflection().service(name.service(), deadline)
                .method(name.method(), () -> "server reflection at " + channel.target());
    }

    /**
     * Calls {@code name} with {@code payload} (JSON, or protobuf with {@code +proto}). Unary: the
     * response; server streaming: every response, as a JSON array (length-prefixed with
     * {@code +proto}); client or bidirectional streaming: a stream of one message ({@code payload},
     * none when it is empty) finished at once.
     */
    public RemoteResult call(PooledChannel channel, MethodName name, byte[] payload, Deadline deadline, String what) {
        MethodSchema schema = schema(channel, name, deadline);
        if (schema.clientStreams()) {
            MethodStream stream = openStream(channel, name, schema, Duration.ofNanos(
                    deadline.timeRemaining(java.util.concurrent.TimeUnit.NANOSECONDS)), null);
            Instant until = Instant.now().plusNanos(deadline.timeRemaining(java.util.concurrent.TimeUnit.NANOSECONDS));
            return stream.finish(payload, until);
        }
        byte[] request = schema.request(payload, name.raw());
        byte[] answer = switch (schema.type()) {
            case SERVER_STREAMING -> serverStreaming(channel, schema, name.raw(), request, deadline, what);
            default -> schema.response(unary(channel, schema, request, deadline, what), name.raw());
        };
        ExecuteCalls.checkSize(answer.length, maxMessageSize, "answer of", name);
        return result(answer, name.raw());
    }

    /** A stream to a client- or bidirectional-streaming method; {@code responses} as in {@code openStream}. */
    public MethodStream openStream(PooledChannel channel, MethodName name, MethodSchema schema, Duration perCall,
                                   Consumer<RemoteResult> responses) {
        if (!schema.clientStreams()) {
            throw new RemoteCallException(HostStatus.INVALID_ARGUMENT, name + " is a " + schema.type()
                    + " method, which takes one request: call it, do not stream to it");
        }
        channel.guard(policy).breaker().refuseIfOpen("stream to " + name);
        return MethodStream.open(channel, schema, name, perCall, maxMessageSize, responses);
    }

    static RemoteResult result(byte[] bytes, boolean raw) {
        return new RemoteResult(bytes, raw ? PayloadEncoding.PROTOBUF : PayloadEncoding.JSON_UTF8, Map.of());
    }

    private byte[] unary(PooledChannel channel, MethodSchema schema, byte[] request, Deadline deadline, String what) {
        try (EndpointGuard.Attempt attempt = channel.guard(policy).admit(deadline, what)) {
            RequestSent sent = new RequestSent();
            try {
                byte[] response = ClientCalls.blockingUnaryCall(channel.channel(), schema.grpc(),
                        channel.unaryOptions(deadline, maxMessageSize).withStreamTracerFactory(sent), request);
                attempt.answered();
                return response;
            } catch (StatusRuntimeException e) {
                UnaryCalls.judge(attempt, e.getStatus(), deadline.isExpired(), sent.sent());
                throw StatusTable.toMethodException(e.getStatus(), deadline.isExpired(), what, e);
            }
        }
    }

    private byte[] serverStreaming(PooledChannel channel, MethodSchema schema, boolean raw, byte[] request,
                                   Deadline deadline, String what) {
        ResponseList responses = new ResponseList(schema, raw, maxMessageSize, what);
        try (EndpointGuard.Attempt attempt = channel.guard(policy).admit(deadline, what)) {
            RequestSent sent = new RequestSent();
            ClientCall<byte[], byte[]> call = channel.channel().newCall(schema.grpc(),
                    channel.unaryOptions(deadline, maxMessageSize).withStreamTracerFactory(sent));
            try {
                Iterator<byte[]> answers = ClientCalls.blockingServerStreamingCall(call, request);
                while (answers.hasNext()) {
                    try {
                        responses.add(answers.next());
                    } catch (RemoteCallException e) {
                        call.cancel("the caller gave up: " + e.getMessage(), null);
                        attempt.answered();
                        throw e;
                    }
                }
                attempt.answered();
            } catch (StatusRuntimeException e) {
                UnaryCalls.judge(attempt, e.getStatus(), deadline.isExpired(), sent.sent());
                throw StatusTable.toMethodException(e.getStatus(), deadline.isExpired(), what, e);
            }
        }
        return responses.bytes();
    }

    /**
     * Responses of a streaming method as the caller reads them, bounded by the maximum message
     * size: a JSON array, or with {@code +proto} each message as a {@code u32} little-endian
     * length and its bytes. Not thread-safe.
     */
    static final class ResponseList {
        private final MethodSchema schema;
        private final boolean raw;
        private final int max;
        private final String what;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int count;

        ResponseList(MethodSchema schema, boolean raw, int max, String what) {
            this.schema = schema;
            this.raw = raw;
            this.max = max;
            this.what = what;
        }

        /** @throws RemoteCallException {@link HostStatus#TOO_LARGE} once the responses exceed the maximum */
        void add(byte[] message) {
            byte[] readable = schema.response(message, raw);
            if (raw) {
                int n = readable.length;
                out.write(n);
                out.write(n >>> 8);
                out.write(n >>> 16);
                out.write(n >>> 24);
            } else {
                out.write(count == 0 ? '[' : ',');
            }
            out.writeBytes(readable);
            count++;
            if (out.size() + 1 > max) {
                throw new RemoteCallException(HostStatus.TOO_LARGE, "the responses of " + what + " exceed the"
                        + " maximum message size of " + max + " bytes after " + count + " messages");
            }
        }

        int count() {
            return count;
        }

        byte[] bytes() {
            if (raw) {
                return out.toByteArray();
            }
            return count == 0 ? new byte[] {'[', ']'} : concat(out.toByteArray(), ']');
        }

        private static byte[] concat(byte[] head, char last) {
            byte[] all = java.util.Arrays.copyOf(head, head.length + 1);
            all[head.length] = (byte) last;
            return all;
        }
    }
}
