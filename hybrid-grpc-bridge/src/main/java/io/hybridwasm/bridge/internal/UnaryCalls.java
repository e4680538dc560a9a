package io.hybridwasm.bridge.internal;

import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.hybridwasm.RemoteCallException;

/**
 * Runs one unary rpc on a pooled channel and turns any gRPC failure into a
 * {@link RemoteCallException} through the {@link StatusTable}. Stateless.
 *
 * <p>Blocks the calling thread until the answer, the failure or the deadline. gRPC's blocking
 * stub runs the call's callbacks on the calling thread itself, so the result is deserialized
 * there and never waits for another pool.
 */
public final class UnaryCalls {
    /** Room for the response envelope (encoding, metadata) around a payload of the maximum size. */
    public static final int ENVELOPE_SLACK = 64 * 1024;

    private UnaryCalls() {
    }

    /**
     * @param maxPayload largest payload the caller accepts; the inbound limit adds {@link #ENVELOPE_SLACK}
     * @param what       names the call in error messages, e.g. {@code "call to Echo at 10.0.0.1:50051"}
     */
    public static <Q, R> R run(PooledChannel channel, MethodDescriptor<Q, R> method, Q request, Deadline deadline,
                               int maxPayload, String what) {
        try {
            return ClientCalls.blockingUnaryCall(channel.channel(), method,
                    channel.unaryOptions(deadline, inboundLimit(maxPayload)), request);
        } catch (StatusRuntimeException e) {
            throw StatusTable.toException(e, deadline, what);
        }
    }

    /** gRPC's inbound limit for payloads of at most {@code maxPayload} bytes: room for the envelope added. */
    public static int inboundLimit(int maxPayload) {
        return (int) Math.min(Integer.MAX_VALUE, (long) maxPayload + ENVELOPE_SLACK);
    }
}
